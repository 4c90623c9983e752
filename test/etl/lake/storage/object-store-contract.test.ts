// The same ObjectStore contract, checked against every implementation: what holds for local tables holds for S3.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  LocalObjectStore,
  ObjectNotFoundError,
  S3ObjectStore,
  createS3Client,
  type ObjectStore,
} from '../../../../etl/src/lake';
import { TEST_CREDENTIALS, TEST_REGION } from '../../../rigs/aws-test-env';
import { startS3StandIn, type S3StandIn } from '../../../rigs/s3-standin';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

async function paths(items: AsyncIterable<{ path: string }>): Promise<string[]> {
  const out: string[] = [];
  for await (const item of items) out.push(item.path);
  return out;
}

interface Backend {
  store: ObjectStore;
  close(): Promise<void>;
}

const backends: [string, () => Promise<Backend>][] = [
  [
    'LocalObjectStore',
    async () => {
      const root = await fs.mkdtemp(path.join(os.tmpdir(), 'lake-contract-'));
      return {
        store: new LocalObjectStore(path.join(root, 'table')),
        close: () => fs.rm(root, { recursive: true, force: true }),
      };
    },
  ],
  [
    'S3ObjectStore',
    async () => {
      const standIn: S3StandIn = await startS3StandIn({ buckets: ['lake'] });
      const client = createS3Client({
        endpoint: standIn.endpoint,
        region: TEST_REGION,
        forcePathStyle: true,
        credentials: TEST_CREDENTIALS,
      });
      return {
        store: new S3ObjectStore(client, 'lake', 'gold/table'),
        close: async () => {
          client.destroy();
          await standIn.close();
        },
      };
    },
  ],
];

describe.each(backends)('%s keeps the ObjectStore contract', (_name, open) => {
  let backend: Backend;
  let store: ObjectStore;
  beforeEach(async () => {
    backend = await open();
    store = backend.store;
  });
  afterEach(() => backend.close());

  it('stores binary and empty objects byte for byte', async () => {
    const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
    await store.put('bin', binary);
    await store.put('empty', new Uint8Array(0));
    expect(Buffer.from(await store.get('bin')).equals(Buffer.from(binary))).toBe(true);
    expect((await store.get('empty')).length).toBe(0);
    expect(await store.head('empty')).toMatchObject({ path: 'empty', sizeBytes: 0 });
  });

  it('handles keys with spaces, percent signs, equals signs and non-ASCII text', async () => {
    const key = 'region=NSW1 x/date=2026-11-25%3A00/é €/part-0.parquet';
    await store.put(key, new TextEncoder().encode('v'));
    expect(new TextDecoder().decode(await store.get(key))).toBe('v');
    expect(await paths(store.list('region=NSW1 x/'))).toEqual([key]);
  });

  it('lists in UTF-8 byte order with prefixes ending mid-name and startAfter', async () => {
    for (const key of ['b/2', 'a/1', 'ab', 'a/sub/3', 'a/\u{1F600}', 'a/\uFFFD', 'c']) {
      await store.put(key, new Uint8Array([1]));
    }
    expect(await paths(store.list(''))).toEqual([
      'a/1',
      'a/sub/3',
      'a/\uFFFD',
      'a/\u{1F600}',
      'ab',
      'b/2',
      'c',
    ]);
    expect(await paths(store.list('a'))).toEqual(['a/1', 'a/sub/3', 'a/\uFFFD', 'a/\u{1F600}', 'ab']);
    expect(await paths(store.list('a/', { startAfter: 'a/sub/3' }))).toEqual(['a/\uFFFD', 'a/\u{1F600}']);
    expect(await paths(store.list('', { startAfter: 'a/\u{1F600}' }))).toEqual(['ab', 'b/2', 'c']);
    expect(await paths(store.list('zzz/'))).toEqual([]);
  });

  it('creates with putIfAbsent once, and a later put still replaces', async () => {
    expect(await store.putIfAbsent('_delta_log/00000000000000000000.json', new Uint8Array([1]))).toBe(true);
    expect(await store.putIfAbsent('_delta_log/00000000000000000000.json', new Uint8Array([2]))).toBe(false);
    expect([...(await store.get('_delta_log/00000000000000000000.json'))]).toEqual([1]);
    await store.put('_delta_log/_last_checkpoint', new Uint8Array([1]));
    await store.put('_delta_log/_last_checkpoint', new Uint8Array([2]));
    expect([...(await store.get('_delta_log/_last_checkpoint'))]).toEqual([2]);
  });

  it('answers absent objects with ObjectNotFoundError, undefined and a quiet delete', async () => {
    await expect(store.get('nope')).rejects.toBeInstanceOf(ObjectNotFoundError);
    expect(await store.head('nope')).toBeUndefined();
    await expect(store.delete('nope')).resolves.toBeUndefined();
  });

  it('refuses paths that would leave the table', async () => {
    for (const bad of ['../x', '/abs', 'a/../../x', 'a//b', 'a/./b', '']) {
      await expect(store.put(bad, new Uint8Array([1]))).rejects.toMatchObject({
        code: 'INVALID_STORAGE_CONFIG',
      });
    }
  });
});
