// Table-level races: several OS processes append to one Delta table with DeltaTable.write at once, on each storage
// backend; then the same with writers SIGKILLed mid-run and restarted, relying on `txn` for exactly-once appends.
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { openStorage, openTable, type TableOptions } from '../../../../etl/src/lake';
import { runWorkers, startConcurrencyRigs, type ConcurrencyRigs } from './harness';
import { frameFor, type TableWorkerTask } from './table-worker';

process.env['AWS_EC2_METADATA_DISABLED'] = 'true';

const TABLE_WORKER = path.join(__dirname, 'table-worker.ts');
const WORKERS = 3;
const COMMITS = 6;
const ROWS = 5;

function tasks(uri: string, options: TableOptions): TableWorkerTask[] {
  return Array.from({ length: WORKERS }, (_, i) => ({
    uri,
    options,
    workerId: `w${i}`,
    commits: COMMITS,
    rowsPerCommit: ROWS,
  }));
}

/**
 * Rows per (worker, seq) in the latest snapshot. Data files are fetched through the table's ObjectStore and decoded
 * with polars from memory: polars' own S3 reader does blocking I/O on this thread, where the S3 stand-in lives.
 */
async function rowsPerCommit(uri: string, options: TableOptions): Promise<Map<string, number>> {
  const snapshot = await openTable(uri, options).snapshot();
  const { objects } = openStorage(uri, options);
  const counts = new Map<string, number>();
  for (const file of snapshot.files) {
    const df = pl.readParquet(Buffer.from(await objects.get(decodeURIComponent(file.path))));
    for (const row of df.select('worker', 'seq').toRecords() as { worker: string; seq: number | bigint }[]) {
      const key = `${row.worker}:${Number(row.seq)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function expectedCounts(work: TableWorkerTask[]): Map<string, number> {
  const expected = new Map<string, number>([['seed:0', 1]]);
  for (const t of work)
    for (let seq = 0; seq < t.commits; seq++) expected.set(`${t.workerId}:${seq}`, t.rowsPerCommit);
  return expected;
}

async function seed(uri: string, options: TableOptions): Promise<void> {
  await openTable(uri, options).write(frameFor('seed', 0, 1), { mode: 'append' });
}

async function appendRace(uri: string, options: TableOptions): Promise<void> {
  await seed(uri, options);
  const work = tasks(uri, options);
  const outcomes = await runWorkers(work, { worker: TABLE_WORKER });
  for (const o of outcomes) {
    expect(o.error).toBeUndefined();
    expect(o.finished).toBe(true);
  }
  const counts = await rowsPerCommit(uri, options);
  expect(new Map([...counts].sort())).toEqual(new Map([...expectedCounts(work)].sort()));
  const snapshot = await openTable(uri, options).snapshot();
  expect(snapshot.version).toBe(WORKERS * COMMITS);
  for (const t of work) expect(snapshot.appTransactionVersion(t.workerId)).toBe(COMMITS - 1);
}

async function crashAndRetry(uri: string, options: TableOptions): Promise<void> {
  await seed(uri, options);
  const work = tasks(uri, options);
  const crashed = await runWorkers(work, {
    worker: TABLE_WORKER,
    killAfterMs: () => 50 + Math.floor(Math.random() * 700),
  });
  expect(crashed.some((o) => o.signal === 'SIGKILL' && !o.finished)).toBe(true);
  for (const o of crashed) expect(o.error).toBeUndefined();

  // Readable, and every commit is whole: each (worker, seq) present has all its rows, none twice.
  const afterCrash = await rowsPerCommit(uri, options);
  for (const [key, count] of afterCrash) expect([key, count]).toEqual([key, key === 'seed:0' ? 1 : ROWS]);

  // Restarted writers replay every sequence number; txn makes the ones already in the table no-ops.
  const retried = await runWorkers(work, { worker: TABLE_WORKER });
  for (const o of retried) {
    expect(o.error).toBeUndefined();
    expect(o.finished).toBe(true);
  }
  const counts = await rowsPerCommit(uri, options);
  expect(new Map([...counts].sort())).toEqual(new Map([...expectedCounts(work)].sort()));
  // No-op retries commit nothing: one version per append, and each application's txn is at its last sequence.
  const snapshot = await openTable(uri, options).snapshot();
  expect(snapshot.version).toBe(WORKERS * COMMITS);
  for (const t of work) expect(snapshot.appTransactionVersion(t.workerId)).toBe(COMMITS - 1);
  // Exactly the appends that had landed before the crash were skipped as no-ops on retry.
  const skipped = retried.flatMap((o) => o.committed.filter((c) => c.noop).map((c) => c.commitId));
  expect(skipped.sort()).toEqual([...afterCrash.keys()].filter((k) => k !== 'seed:0').sort());
}

describe('processes appending to one Delta table', () => {
  let rigs: ConcurrencyRigs;
  beforeAll(async () => {
    rigs = await startConcurrencyRigs('lake-table-race-');
  });
  afterAll(() => rigs.close());

  it('on the local filesystem: the row count is the sum of all appends', async () => {
    await appendRace(path.join(rigs.root, 'append'), {});
  });

  it('on the S3 stand-in: the row count is the sum of all appends', async () => {
    await appendRace('s3://lake/append', { s3: rigs.s3() });
  });

  it('with DynamoDB coordination: the row count is the sum of all appends', async () => {
    await appendRace('s3://lake/append-ddb', { s3: rigs.s3(), logStore: rigs.dynamo() });
  });

  it('survives writers killed mid-append on the local filesystem; retried txn writes land exactly once', async () => {
    await crashAndRetry(path.join(rigs.root, 'crash'), {});
  });

  it('survives writers killed mid-append with DynamoDB coordination; retried txn writes land exactly once', async () => {
    await crashAndRetry('s3://lake/crash-ddb', { s3: rigs.s3(), logStore: rigs.dynamo() });
  });
});
