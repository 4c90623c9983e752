import { GetItemCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CommitConflictError,
  CorruptLogError,
  DynamoDbLogStore,
  S3ObjectStore,
  createDynamoDbClient,
  createDynamoDbLogTable,
  createS3Client,
  openStorage,
  type ObjectStore,
} from '../../../../etl/src/lake';
import { TEST_CREDENTIALS, TEST_REGION } from '../../../rigs/aws-test-env';
import { startDynalite, type DynaliteRig } from '../../../rigs/dynalite';
import { startS3StandIn, type S3StandIn } from '../../../rigs/s3-standin';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);
const NOW_MS = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('DynamoDbLogStore (S3DynamoDBLogStore protocol) on dynalite and the S3 stand-in', () => {
  let dynalite: DynaliteRig;
  let standIn: S3StandIn;
  let dynamo: DynamoDBClient;
  let s3: ReturnType<typeof createS3Client>;
  let objects: S3ObjectStore;
  let tableCount = 0;
  let tableName: string;

  const logStore = (store: ObjectStore = objects) =>
    new DynamoDbLogStore(store, dynamo, { tableName, tablePath: 's3://lake/bronze/t', nowMs: () => NOW_MS });
  const item = async (fileName: string) =>
    (
      await dynamo.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { tablePath: { S: 's3://lake/bronze/t' }, fileName: { S: fileName } },
          ConsistentRead: true,
        }),
      )
    ).Item;
  const keys = () => [...standIn.buckets.get('lake')!.keys()].sort();

  beforeAll(async () => {
    dynalite = await startDynalite();
    dynamo = createDynamoDbClient({
      endpoint: dynalite.endpoint,
      region: TEST_REGION,
      credentials: TEST_CREDENTIALS,
    });
  });
  afterAll(async () => {
    dynamo.destroy();
    await dynalite.close();
  });
  beforeEach(async () => {
    tableName = `delta_log_${++tableCount}`;
    await createDynamoDbLogTable(dynamo, tableName, { enableTtl: false }); // dynalite lacks UpdateTimeToLive
    standIn = await startS3StandIn({ buckets: ['lake'] });
    s3 = createS3Client({
      endpoint: standIn.endpoint,
      region: TEST_REGION,
      forcePathStyle: true,
      credentials: TEST_CREDENTIALS,
    });
    objects = new S3ObjectStore(s3, 'lake', 'bronze/t');
  });
  afterEach(async () => {
    s3.destroy();
    await standIn.close();
  });

  it('writes commits through temp file, entry and copy, leaving complete entries exactly as Spark does', async () => {
    const store = logStore();
    await store.writeCommit(0, bytes('{"v":0}\n'));
    await store.writeCommit(1, bytes('{"v":1}\n'));

    expect(text(await objects.get('_delta_log/00000000000000000001.json'))).toBe('{"v":1}\n');
    const entry = await item('00000000000000000001.json');
    expect(entry).toEqual({
      tablePath: { S: 's3://lake/bronze/t' },
      fileName: { S: '00000000000000000001.json' },
      tempPath: { S: expect.stringMatching(/^\.tmp\/00000000000000000001\.json\.[0-9a-f-]{36}$/) as string },
      complete: { S: 'true' },
      expireTime: { N: String(NOW_MS / 1000 + 86_400) },
    });
    // The temp file stays (as in Spark) so a late recoverer can still copy it; it is outside every listing.
    expect(keys()).toContain(`bronze/t/_delta_log/${entry!['tempPath']!.S}`);
    const listed: string[] = [];
    for await (const meta of store.listLog(0)) listed.push(meta.path);
    expect(listed).toEqual(['_delta_log/00000000000000000000.json', '_delta_log/00000000000000000001.json']);
  });

  it('refuses a version whose commit file exists, whatever DynamoDB says', async () => {
    await logStore().writeCommit(0, bytes('a'));
    const error = await logStore()
      .writeCommit(0, bytes('b'))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as Error).message).toBe(
      's3://lake/bronze/t: commit 0 conflicts: another writer committed this version first',
    );
  });

  it('refuses a version another writer has prepared but not yet copied (the DynamoDB condition decides)', async () => {
    await logStore().writeCommit(0, bytes('a'));
    await objects.put('_delta_log/.tmp/00000000000000000001.json.other', bytes('theirs'));
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          tablePath: { S: 's3://lake/bronze/t' },
          fileName: { S: '00000000000000000001.json' },
          tempPath: { S: '.tmp/00000000000000000001.json.other' },
          complete: { S: 'false' },
        },
      }),
    );
    const before = keys();
    await expect(logStore().writeCommit(1, bytes('mine'))).rejects.toBeInstanceOf(CommitConflictError);
    expect(keys()).toEqual(before); // our temp file was removed again
  });

  it('lets exactly one of several concurrent writers take each version', async () => {
    await logStore().writeCommit(0, bytes('v0'));
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => logStore().writeCommit(1, bytes(`writer ${i}`))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(CommitConflictError);
    }
  });

  describe('recovery of an entry a crashed writer left incomplete', () => {
    /** An object store that dies (like a killed process) when asked to write the given commit file. */
    const crashingOn = (path: string): ObjectStore => ({
      uri: objects.uri,
      get: (p) => objects.get(p),
      head: (p) => objects.head(p),
      put: (p, d) => (p === path ? Promise.reject(new Error('process killed')) : objects.put(p, d)),
      putIfAbsent: (p, d) => objects.putIfAbsent(p, d),
      list: (p, o) => objects.list(p, o),
      delete: (p) => objects.delete(p),
    });

    beforeEach(async () => {
      await logStore().writeCommit(0, bytes('v0'));
      // The crash happens between PREPARE and COMMIT: the commit is decided but not yet visible. The writer is told
      // it succeeded (the version is durably its own), exactly as Spark's writer swallows errors after PREPARE.
      await logStore(crashingOn('_delta_log/00000000000000000001.json')).writeCommit(
        1,
        bytes('v1 from crashed writer'),
      );
      expect(await objects.head('_delta_log/00000000000000000001.json')).toBeUndefined();
      expect((await item('00000000000000000001.json'))?.['complete']).toEqual({ S: 'false' });
    });

    it('is completed by a reader listing the log', async () => {
      const listed: string[] = [];
      for await (const meta of logStore().listLog(1)) listed.push(meta.path);
      expect(listed).toEqual(['_delta_log/00000000000000000001.json']);
      expect(text(await objects.get('_delta_log/00000000000000000001.json'))).toBe('v1 from crashed writer');
      expect((await item('00000000000000000001.json'))?.['complete']).toEqual({ S: 'true' });
    });

    it('is completed by the next writer before it commits on top', async () => {
      await logStore().writeCommit(2, bytes('v2'));
      expect(text(await objects.get('_delta_log/00000000000000000001.json'))).toBe('v1 from crashed writer');
      expect(text(await objects.get('_delta_log/00000000000000000002.json'))).toBe('v2');
      expect((await item('00000000000000000001.json'))?.['complete']).toEqual({ S: 'true' });
    });

    it('makes a competing writer for the same version lose', async () => {
      await expect(logStore().writeCommit(1, bytes('late'))).rejects.toBeInstanceOf(CommitConflictError);
    });

    it('reports a lost temp file as a corrupt log instead of inventing a commit', async () => {
      const entry = await item('00000000000000000001.json');
      await objects.delete(`_delta_log/${entry!['tempPath']!.S}`);
      const error = await logStore()
        .writeCommit(2, bytes('v2'))
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CorruptLogError);
      expect((error as Error).message).toBe(
        `s3://lake/bronze/t version 1: incomplete DynamoDB entry 00000000000000000001.json names temp file ` +
          `_delta_log/${entry!['tempPath']!.S}, which does not exist, and neither does _delta_log/00000000000000000001.json`,
      );
    });
  });

  it('repairs an entry a Spark writer left incomplete (no expireTime yet)', async () => {
    await logStore().writeCommit(0, bytes('v0'));
    const tempPath = '.tmp/00000000000000000001.json.3f0f7a4e-8f59-4d7e-9a55-6b1d1f0b2c11';
    await objects.put(`_delta_log/${tempPath}`, bytes('{"commitInfo":{"engineInfo":"Apache-Spark"}}\n'));
    await dynamo.send(
      new PutItemCommand({
        TableName: tableName,
        Item: {
          tablePath: { S: 's3://lake/bronze/t' },
          fileName: { S: '00000000000000000001.json' },
          tempPath: { S: tempPath },
          complete: { S: 'false' },
        },
      }),
    );
    for await (const _meta of logStore().listLog(0)) {
      // listing triggers the repair
    }
    expect(text(await objects.get('_delta_log/00000000000000000001.json'))).toBe(
      '{"commitInfo":{"engineInfo":"Apache-Spark"}}\n',
    );
    expect(await item('00000000000000000001.json')).toEqual({
      tablePath: { S: 's3://lake/bronze/t' },
      fileName: { S: '00000000000000000001.json' },
      tempPath: { S: tempPath },
      complete: { S: 'true' },
      expireTime: { N: String(NOW_MS / 1000 + 86_400) },
    });
  });

  it("keys entries by the tablePath it is given, e.g. OSS Spark's s3a:// spelling", async () => {
    const s3a = new DynamoDbLogStore(objects, dynamo, { tableName, tablePath: 's3a://lake/bronze/t/' });
    expect(s3a.tablePath).toBe('s3a://lake/bronze/t');
    await s3a.writeCommit(0, bytes('v0'));
    const entry = await dynamo.send(
      new GetItemCommand({
        TableName: tableName,
        Key: { tablePath: { S: 's3a://lake/bronze/t' }, fileName: { S: '00000000000000000000.json' } },
        ConsistentRead: true,
      }),
    );
    expect(entry.Item?.['complete']).toEqual({ S: 'true' });
    expect(await item('00000000000000000000.json')).toBeUndefined(); // the s3:// spelling is another key
  });

  it('refuses to build on a previous commit that does not exist', async () => {
    await expect(logStore().writeCommit(5, bytes('x'))).rejects.toThrow(
      's3://lake/bronze/t version 5: cannot write commit 5: the previous commit _delta_log/00000000000000000004.json does not exist',
    );
  });

  it('refuses to re-create a deleted table while DynamoDB still remembers its version 0', async () => {
    await logStore().writeCommit(0, bytes('v0'));
    await objects.delete('_delta_log/00000000000000000000.json');
    await expect(logStore().writeCommit(0, bytes('again'))).rejects.toThrow(
      `s3://lake/bronze/t version 0: DynamoDB table ${tableName} still holds entries for tablePath s3://lake/bronze/t ` +
        'although _delta_log/00000000000000000000.json does not exist; delete those items before re-creating the table',
    );
  });

  it('is chosen by openStorage with the table URI as tablePath', async () => {
    const { logStore: opened } = openStorage('s3://lake/bronze/t/', {
      s3: {
        endpoint: standIn.endpoint,
        region: TEST_REGION,
        forcePathStyle: true,
        credentials: TEST_CREDENTIALS,
      },
      logStore: {
        kind: 'dynamodb',
        tableName,
        endpoint: dynalite.endpoint,
        region: TEST_REGION,
        credentials: TEST_CREDENTIALS,
      },
    });
    expect(opened).toBeInstanceOf(DynamoDbLogStore);
    expect((opened as DynamoDbLogStore).tablePath).toBe('s3://lake/bronze/t');
    await opened.writeCommit(0, bytes('v0'));
    expect((await item('00000000000000000000.json'))?.['complete']).toEqual({ S: 'true' });
  });
});
