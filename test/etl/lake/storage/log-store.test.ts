import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CommitConflictError,
  ConditionalPutLogStore,
  LocalObjectStore,
  openStorage,
} from '../../../../etl/src/lake';

const bytes = (text: string) => new TextEncoder().encode(text);

async function names(store: ConditionalPutLogStore, from: number): Promise<string[]> {
  const out: string[] = [];
  for await (const meta of store.listLog(from)) out.push(meta.path);
  return out;
}

describe('ConditionalPutLogStore', () => {
  let root: string;
  let logStore: ConditionalPutLogStore;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'lake-logstore-'));
    logStore = new ConditionalPutLogStore(new LocalObjectStore(root));
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('creates each commit version once and reports the loser with CommitConflictError', async () => {
    await logStore.writeCommit(0, bytes('{"commitInfo":{}}\n'));
    const error = await logStore.writeCommit(0, bytes('other')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect(error).toMatchObject({ code: 'COMMIT_CONFLICT', version: 0 });
    expect((error as Error).message).toBe(
      `${logStore.objects.uri}: commit 0 conflicts: another writer committed this version first`,
    );
    expect(await fs.readFile(path.join(root, '_delta_log', '00000000000000000000.json'), 'utf8')).toBe(
      '{"commitInfo":{}}\n',
    );
  });

  it('refuses versions that are not non-negative safe integers', async () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53]) {
      await expect(logStore.writeCommit(bad, bytes('x'))).rejects.toMatchObject({
        code: 'INVALID_STORAGE_CONFIG',
      });
    }
  });

  it('lists versioned log files from a version, skipping _last_checkpoint, .tmp and sidecars', async () => {
    for (let v = 0; v <= 11; v++) await logStore.writeCommit(v, bytes(`${v}`));
    const objects = logStore.objects;
    await objects.put('_delta_log/00000000000000000010.checkpoint.parquet', bytes('cp'));
    await objects.put('_delta_log/_last_checkpoint', bytes('{"version":10,"size":1}'));
    await objects.put('_delta_log/.tmp/00000000000000000012.json.abc', bytes('tmp'));
    await objects.put('_delta_log/_sidecars/x.parquet', bytes('s'));
    await objects.put('part-0.parquet', bytes('data'));

    expect(await names(logStore, 10)).toEqual([
      '_delta_log/00000000000000000010.checkpoint.parquet',
      '_delta_log/00000000000000000010.json',
      '_delta_log/00000000000000000011.json',
    ]);
    expect(await names(logStore, 0)).toHaveLength(13);
    expect(await names(logStore, 12)).toEqual([]);
  });
});

describe('openStorage', () => {
  it('opens local paths and file:// URLs on the same directory', () => {
    const a = openStorage('/tmp/lake/t1/');
    const b = openStorage('file:///tmp/lake/t1');
    expect(a.objects.uri).toBe('file:///tmp/lake/t1');
    expect(b.objects.uri).toBe(a.objects.uri);
    expect(a.logStore).toBeInstanceOf(ConditionalPutLogStore);
  });

  it('rejects unknown schemes with a message that says what to write instead', () => {
    expect(() => openStorage('s3a://bucket/t')).toThrow(
      'table URI "s3a://bucket/t": unsupported scheme "s3a:"; use a local path, file:// or s3:// (s3a:// and s3n:// are Hadoop spellings: write s3://)',
    );
    expect(() => openStorage('gs://bucket/t')).toThrow(/unsupported scheme "gs:"/);
  });

  it('refuses the DynamoDB log store for local tables', () => {
    expect(() => openStorage('/tmp/x', { logStore: { kind: 'dynamodb', tableName: 'delta_log' } })).toThrow(
      'table URI "/tmp/x": logStore "dynamodb" is for S3 tables; local tables always use link(2)',
    );
  });
});
