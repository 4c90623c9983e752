// Writers are SIGKILLed at arbitrary points while committing. Afterwards the table must be readable (contiguous
// versions, every commit whole) and restarted writers, skipping commit ids already in the log, must land each
// commit exactly once. This is the LogStore-level form; the table-level form needs DeltaTable.write with txn.
import * as path from 'node:path';
import type { StorageOptions } from '../../../../etl/src/lake';
import {
  auditLog,
  commitTasks,
  expectedIds,
  runWorkers,
  startConcurrencyRigs,
  type ConcurrencyRigs,
} from './harness';

const WORKERS = 3;
const COMMITS = 20;

async function crashThenResume(uri: string, options: StorageOptions): Promise<void> {
  const work = commitTasks(uri, options, WORKERS, COMMITS);
  // Kill at random moments 20–300 ms after the start signal.
  const crashed = await runWorkers(work, { killAfterMs: () => 20 + Math.floor(Math.random() * 280) });
  const killedMidway = crashed.filter((o) => o.signal === 'SIGKILL' && !o.finished);
  expect(killedMidway.length).toBeGreaterThan(0); // otherwise nothing was tested
  for (const outcome of crashed) expect(outcome.error).toBeUndefined();

  // Readable after the crash: contiguous, whole, no duplicates, and every reported commit present.
  const afterCrash = await auditLog(uri, options);
  expect(new Set(afterCrash.commitIds).size).toBe(afterCrash.commitIds.length);
  for (const outcome of crashed) {
    for (const { commitId, version } of outcome.committed)
      expect(afterCrash.commitIds[version]).toBe(commitId);
  }

  // Restarted writers finish the job; each commit id lands exactly once.
  const resumed = await runWorkers(work.map((t) => ({ ...t, resume: true })));
  for (const outcome of resumed) {
    expect(outcome.error).toBeUndefined();
    expect(outcome.finished).toBe(true);
  }
  const final = await auditLog(uri, options);
  expect([...final.commitIds].sort()).toEqual(expectedIds(work));
  expect(final.commitIds.slice(0, afterCrash.commitIds.length)).toEqual(afterCrash.commitIds);
}

describe('writers killed mid-commit', () => {
  let rigs: ConcurrencyRigs;
  beforeAll(async () => {
    rigs = await startConcurrencyRigs('lake-crash-');
  });
  afterAll(() => rigs.close());

  it('leave a readable local table, and retried commits land exactly once', async () => {
    await crashThenResume(path.join(rigs.root, 'local'), {});
  });

  it('leave a readable S3 table, and retried commits land exactly once', async () => {
    await crashThenResume('s3://lake/crash', { s3: rigs.s3() });
  });

  it('leave DynamoDB entries that readers repair, and retried commits land exactly once', async () => {
    await crashThenResume('s3://lake/crash-ddb', { s3: rigs.s3(), logStore: rigs.dynamo() });
  });
});
