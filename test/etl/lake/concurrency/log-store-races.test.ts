// Several OS processes race to commit to one table through each LogStore; no commit may be lost, duplicated or torn.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDynamoDbClient, createDynamoDbLogTable, type StorageOptions } from '../../../../etl/src/lake';
import { TEST_CREDENTIALS, TEST_REGION } from '../../../rigs/aws-test-env';
import { startDynalite, type DynaliteRig } from '../../../rigs/dynalite';
import { startS3StandIn, type S3StandIn } from '../../../rigs/s3-standin';
import type { WorkerTask } from './commit-worker';
import { auditLog, expectedIds, runWorkers } from './harness';

const WORKERS = 3;
const COMMITS = 10;

function tasks(uri: string, options: StorageOptions): WorkerTask[] {
  return Array.from({ length: WORKERS }, (_, i) => ({
    uri,
    options,
    workerId: `w${i}`,
    commits: COMMITS,
    payloadBytes: 4096,
  }));
}

async function raceAndAudit(uri: string, options: StorageOptions): Promise<void> {
  const work = tasks(uri, options);
  const outcomes = await runWorkers(work);
  for (const outcome of outcomes) {
    expect(outcome.error).toBeUndefined();
    expect(outcome.finished).toBe(true);
  }
  const { commitIds } = await auditLog(uri, options);
  expect(commitIds).toHaveLength(WORKERS * COMMITS);
  expect([...commitIds].sort()).toEqual(expectedIds(work));
  // Each worker's own report agrees with the log: the version it was told it won holds its commit.
  for (const outcome of outcomes) {
    for (const { commitId, version } of outcome.committed) expect(commitIds[version]).toBe(commitId);
  }
  // The race was real: writers found versions taken by others (otherwise this proves nothing).
  expect(outcomes.reduce((sum, o) => sum + o.conflicts, 0)).toBeGreaterThan(0);
}

describe('processes racing to commit', () => {
  let root: string;
  let standIn: S3StandIn;
  let dynalite: DynaliteRig;
  const s3 = () => ({
    endpoint: standIn.endpoint,
    region: TEST_REGION,
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
  });

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'lake-race-'));
    standIn = await startS3StandIn({ buckets: ['lake'] });
    dynalite = await startDynalite();
  });
  afterAll(async () => {
    await standIn.close();
    await dynalite.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('on the local filesystem (link(2) put-if-absent)', async () => {
    await raceAndAudit(path.join(root, 'local'), {});
    const leftovers = (await fs.readdir(path.join(root, 'local', '_delta_log'))).filter(
      (n) => !n.endsWith('.json'),
    );
    expect(leftovers).toEqual([]);
  });

  it('loses commits when writers overwrite instead (the audit can fail)', async () => {
    const work = tasks(path.join(root, 'blind'), {}).map((t) => ({ ...t, unsafeBlindPut: true }));
    await runWorkers(work);
    const { commitIds } = await auditLog(path.join(root, 'blind'), {});
    expect(commitIds.length).toBeLessThan(WORKERS * COMMITS);
  });

  it('on the S3 stand-in (PutObject If-None-Match: *)', async () => {
    await raceAndAudit('s3://lake/race', { s3: s3() });
    expect(standIn.errorCounts.get('PreconditionFailed') ?? 0).toBeGreaterThan(0);
  });

  it('with DynamoDB coordination (S3DynamoDBLogStore protocol on dynalite)', async () => {
    const client = createDynamoDbClient({
      endpoint: dynalite.endpoint,
      region: TEST_REGION,
      credentials: TEST_CREDENTIALS,
    });
    await createDynamoDbLogTable(client, 'delta_log', { enableTtl: false });
    client.destroy();
    await raceAndAudit('s3://lake/race-ddb', {
      s3: s3(),
      logStore: {
        kind: 'dynamodb',
        tableName: 'delta_log',
        endpoint: dynalite.endpoint,
        region: TEST_REGION,
        credentials: TEST_CREDENTIALS,
      },
    });
  });
});
