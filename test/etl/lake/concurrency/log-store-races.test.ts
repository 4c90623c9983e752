// Several OS processes race to commit to one table through each LogStore; no commit may be lost, duplicated or torn.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { StorageOptions } from '../../../../etl/src/lake';
import type { WorkerTask } from './commit-worker';
import {
  auditLog,
  commitTasks,
  expectedIds,
  runWorkers,
  startConcurrencyRigs,
  type ConcurrencyRigs,
} from './harness';

const WORKERS = 3;
const COMMITS = 10;

function tasks(uri: string, options: StorageOptions): WorkerTask[] {
  return commitTasks(uri, options, WORKERS, COMMITS);
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
  let rigs: ConcurrencyRigs;
  beforeAll(async () => {
    rigs = await startConcurrencyRigs('lake-race-');
  });
  afterAll(() => rigs.close());

  it('on the local filesystem (link(2) put-if-absent)', async () => {
    await raceAndAudit(path.join(rigs.root, 'local'), {});
    const leftovers = (await fs.readdir(path.join(rigs.root, 'local', '_delta_log'))).filter(
      (n) => !n.endsWith('.json'),
    );
    expect(leftovers).toEqual([]);
  });

  it('loses commits when writers overwrite instead (the audit can fail)', async () => {
    const work = tasks(path.join(rigs.root, 'blind'), {}).map((t) => ({ ...t, unsafeBlindPut: true }));
    await runWorkers(work);
    const { commitIds } = await auditLog(path.join(rigs.root, 'blind'), {});
    expect(commitIds.length).toBeLessThan(WORKERS * COMMITS);
  });

  it('on the S3 stand-in (PutObject If-None-Match: *)', async () => {
    await raceAndAudit('s3://lake/race', { s3: rigs.s3() });
    expect(rigs.standIn.errorCounts.get('PreconditionFailed') ?? 0).toBeGreaterThan(0);
  });

  it('with DynamoDB coordination (S3DynamoDBLogStore protocol on dynalite)', async () => {
    await raceAndAudit('s3://lake/race-ddb', { s3: rigs.s3(), logStore: rigs.dynamo() });
  });
});
