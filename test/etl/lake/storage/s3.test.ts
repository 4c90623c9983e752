import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  ObjectNotFoundError,
  S3ObjectStore,
  StorageError,
  createS3Client,
  openStorage,
  verifyPutIfAbsent,
  type ObjectStore,
} from '../../../../etl/src/lake';
import { TEST_CREDENTIALS, TEST_REGION } from '../../../rigs/aws-test-env';
import { startS3StandIn, type S3StandIn } from '../../../rigs/s3-standin';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('S3ObjectStore against the S3 stand-in', () => {
  let standIn: S3StandIn;
  let s3: ReturnType<typeof createS3Client>;
  let store: S3ObjectStore;
  const s3Options = () => ({
    endpoint: standIn.endpoint,
    region: TEST_REGION,
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
  });

  beforeEach(async () => {
    standIn = await startS3StandIn({ buckets: ['lake'] });
    s3 = createS3Client(s3Options());
    store = new S3ObjectStore(s3, 'lake', 'bronze/dispatch');
  });
  afterEach(async () => {
    s3.destroy();
    await standIn.close();
  });

  it('keeps objects under the table prefix and round-trips put, get, head and delete', async () => {
    expect(store.uri).toBe('s3://lake/bronze/dispatch');
    await store.put('part-0.parquet', bytes('data'));
    expect([...standIn.buckets.get('lake')!.keys()]).toEqual(['bronze/dispatch/part-0.parquet']);
    expect(text(await store.get('part-0.parquet'))).toBe('data');
    expect(await store.head('part-0.parquet')).toMatchObject({ path: 'part-0.parquet', sizeBytes: 4 });
    await store.delete('part-0.parquet');
    expect(await store.head('part-0.parquet')).toBeUndefined();
    await expect(store.delete('part-0.parquet')).resolves.toBeUndefined();
  });

  it('throws ObjectNotFoundError for a missing key', async () => {
    const error = await store.get('_delta_log/00000000000000000003.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectNotFoundError);
    expect((error as Error).message).toBe(
      's3://lake/bronze/dispatch/_delta_log/00000000000000000003.json: not found',
    );
  });

  it('reports a missing bucket as a StorageError, not as a missing object', async () => {
    const other = new S3ObjectStore(s3, 'no-such-bucket', 't');
    const error = await other.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toBe(
      's3://no-such-bucket/t/x: get failed: NoSuchBucket (HTTP 404): The specified bucket does not exist',
    );
  });

  it('creates an object with putIfAbsent once and answers false afterwards, keeping the first body', async () => {
    expect(await store.putIfAbsent('_delta_log/00000000000000000000.json', bytes('first'))).toBe(true);
    expect(await store.putIfAbsent('_delta_log/00000000000000000000.json', bytes('second'))).toBe(false);
    expect(text(await store.get('_delta_log/00000000000000000000.json'))).toBe('first');
    expect(standIn.errorCounts.get('PreconditionFailed')).toBe(1);
  });

  it('lets exactly one of many concurrent conditional puts win, retrying 409 conflicts', async () => {
    const slow = await startS3StandIn({ buckets: ['lake'], conditionalPutDelayMs: 20 });
    const client = createS3Client({ ...s3Options(), endpoint: slow.endpoint });
    try {
      const racer = new S3ObjectStore(client, 'lake', 't', { conflictRetries: 50 });
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          racer.putIfAbsent('_delta_log/00000000000000000001.json', bytes(`w${i}`)),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect(text(await racer.get('_delta_log/00000000000000000001.json'))).toBe(`w${winner}`);
      expect(slow.errorCounts.get('ConditionalRequestConflict') ?? 0).toBeGreaterThan(0);
    } finally {
      client.destroy();
      await slow.close();
    }
  });

  it('recognises its own write when the response was lost and the SDK retry meets 412', async () => {
    let failures = 0;
    standIn.failAfterStore = () => failures++ === 0;
    expect(await store.putIfAbsent('_delta_log/00000000000000000000.json', bytes('mine'))).toBe(true);
    expect(standIn.errorCounts.get('InternalError')).toBe(1);
    expect(standIn.errorCounts.get('PreconditionFailed')).toBe(1);

    // The same situation with someone else's body in place is a lost race, not a success.
    failures = 0;
    standIn.failAfterStore = (_bucket, key) => {
      if (failures++ === 0) {
        standIn.buckets
          .get('lake')!
          .set(key, { body: Buffer.from('theirs'), etag: '"x"', lastModified: new Date() });
      }
      return failures === 1;
    };
    expect(await store.putIfAbsent('_delta_log/00000000000000000001.json', bytes('mine'))).toBe(false);
  });

  it('says to use the DynamoDB log store when the endpoint rejects conditional writes', async () => {
    const old = await startS3StandIn({ buckets: ['lake'], rejectConditionalWrites: true });
    const client = createS3Client({ ...s3Options(), endpoint: old.endpoint });
    try {
      const error = await new S3ObjectStore(client, 'lake', 't')
        .putIfAbsent('_delta_log/00000000000000000000.json', bytes('x'))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toBe(
        's3://lake/t/_delta_log/00000000000000000000.json: putIfAbsent failed: NotImplemented (HTTP 501): ' +
          'A header you provided implies functionality that is not implemented; ' +
          'this endpoint does not support conditional writes; use logStore {kind: "dynamodb"}',
      );
    } finally {
      client.destroy();
      await old.close();
    }
  });

  it('lists across several pages in byte order, from a start key, under the table prefix only', async () => {
    const bucket = standIn.buckets.get('lake')!;
    const object = { body: Buffer.from('x'), etag: '"x"', lastModified: new Date() };
    for (let v = 0; v < 2300; v++)
      bucket.set(`bronze/dispatch/_delta_log/${String(v).padStart(20, '0')}.json`, object);
    bucket.set('bronze/dispatch2/_delta_log/00000000000000000000.json', object);
    bucket.set('bronze/dispatch/_delta_log/_last_checkpoint', object);

    const all = await collect(store.list('_delta_log/'));
    expect(all).toHaveLength(2301);
    expect(all[0]!.path).toBe('_delta_log/00000000000000000000.json');
    expect(all[2300]!.path).toBe('_delta_log/_last_checkpoint');
    const tail = await collect(
      store.list('_delta_log/', { startAfter: '_delta_log/00000000000000002297.json' }),
    );
    expect(tail.map((m) => m.path)).toEqual([
      '_delta_log/00000000000000002298.json',
      '_delta_log/00000000000000002299.json',
      '_delta_log/_last_checkpoint',
    ]);
  });

  it('opens s3:// URIs through openStorage and passes the put-if-absent probe', async () => {
    const { objects, logStore } = openStorage('s3://lake/silver/price/', { s3: s3Options() });
    expect(objects.uri).toBe('s3://lake/silver/price');
    await logStore.writeCommit(0, bytes('{}\n'));
    expect(standIn.buckets.get('lake')!.has('silver/price/_delta_log/00000000000000000000.json')).toBe(true);
    await expect(verifyPutIfAbsent(objects)).resolves.toBeUndefined();
    expect([...standIn.buckets.get('lake')!.keys()]).toEqual([
      'silver/price/_delta_log/00000000000000000000.json',
    ]);
  });

  it('fails the probe on a store that ignores If-None-Match', async () => {
    // A store that ignores If-None-Match: every conditional put "succeeds" and overwrites.
    const careless: ObjectStore = {
      uri: store.uri,
      get: (p) => store.get(p),
      head: (p) => store.head(p),
      put: (p, d) => store.put(p, d),
      putIfAbsent: async (p, d) => (await store.put(p, d), true),
      list: (p, o) => store.list(p, o),
      delete: (p) => store.delete(p),
    };
    await expect(verifyPutIfAbsent(careless)).rejects.toThrow(
      's3://lake/bronze/dispatch: the store does not honour put-if-absent (a second conditional write of the same key succeeded); concurrent commits would overwrite each other: use logStore {kind: "dynamodb"} for this endpoint',
    );
  });
});

describe('the S3 stand-in, driven by the raw SDK', () => {
  let standIn: S3StandIn;
  let s3: ReturnType<typeof createS3Client>;

  beforeAll(async () => {
    standIn = await startS3StandIn({ buckets: ['raw'] });
    s3 = createS3Client({
      endpoint: standIn.endpoint,
      region: TEST_REGION,
      forcePathStyle: true,
      credentials: TEST_CREDENTIALS,
    });
  });
  afterAll(async () => {
    s3.destroy();
    await standIn.close();
  });

  it('answers a conditional put on an existing key with 412 PreconditionFailed', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'raw', Key: 'k', Body: 'a', IfNoneMatch: '*' }));
    const error = await s3
      .send(new PutObjectCommand({ Bucket: 'raw', Key: 'k', Body: 'b', IfNoneMatch: '*' }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
  });

  it('pages ListObjectsV2 with MaxKeys and continuation tokens, honouring StartAfter', async () => {
    for (const key of ['p/a', 'p/b', 'p/c', 'p/d', 'q/a']) {
      await s3.send(new PutObjectCommand({ Bucket: 'raw', Key: key, Body: key }));
    }
    const first = await s3.send(
      new ListObjectsV2Command({ Bucket: 'raw', Prefix: 'p/', StartAfter: 'p/a', MaxKeys: 2 }),
    );
    expect(first.Contents?.map((c) => c.Key)).toEqual(['p/b', 'p/c']);
    expect(first.IsTruncated).toBe(true);
    const second = await s3.send(
      new ListObjectsV2Command({
        Bucket: 'raw',
        Prefix: 'p/',
        MaxKeys: 2,
        ContinuationToken: first.NextContinuationToken!,
      }),
    );
    expect(second.Contents?.map((c) => c.Key)).toEqual(['p/d']);
    expect(second.IsTruncated).toBe(false);
  });

  it('serves single byte ranges with 206 and Content-Range, as Parquet footer reads need', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'raw', Key: 'r', Body: '0123456789' }));
    const read = async (Range: string) => {
      const out = await s3.send(new GetObjectCommand({ Bucket: 'raw', Key: 'r', Range }));
      return [out.$metadata.httpStatusCode, out.ContentRange, await out.Body!.transformToString()];
    };
    expect(await read('bytes=2-4')).toEqual([206, 'bytes 2-4/10', '234']);
    expect(await read('bytes=-3')).toEqual([206, 'bytes 7-9/10', '789']);
    expect(await read('bytes=8-')).toEqual([206, 'bytes 8-9/10', '89']);
    await expect(read('bytes=20-')).rejects.toMatchObject({ $metadata: { httpStatusCode: 416 } });
  });
});
