// The writer on S3: every verb against the loopback S3 stand-in (real If-None-Match semantics, in a child process
// because polars reads data files with blocking S3 requests), commits through the conditional-put log store.
import pl from 'nodejs-polars';
import { openTable, type DeltaTable } from '../../../../etl/src/lake';
import { TEST_CREDENTIALS, TEST_REGION } from '../../../rigs/aws-test-env';
import { type S3StandInProcess, startS3StandInProcess } from '../../../rigs/s3-standin-process';

let standIn: S3StandInProcess;

beforeAll(async () => {
  standIn = await startS3StandInProcess(['lake']);
}, 30_000);
afterAll(() => standIn.close());

const rows = (region: string, ids: number[], price = 1) =>
  pl
    .DataFrame({ region: ids.map(() => region), id: ids, price: ids.map(() => price) })
    .withColumns(pl.col('id').cast(pl.Int64));

async function ids(table: DeltaTable): Promise<string[]> {
  const df = (await table.scan()).collectSync().sort(['region', 'id']);
  return df.toRecords().map((r) => `${r.region}:${r.id}:${r.price}`);
}

it('creates, appends, merges, deletes, replaces, optimizes, checkpoints and vacuums a table on S3', async () => {
  const table = openTable('s3://lake/silver/prices', {
    s3: {
      endpoint: standIn.endpoint,
      region: TEST_REGION,
      forcePathStyle: true,
      credentials: TEST_CREDENTIALS,
    },
  });
  await table.write(rows('NSW1', [1, 2]), {
    mode: 'append',
    partitionBy: ['region'],
    configuration: { 'delta.checkpointInterval': '4' },
  });
  await table.write(rows('VIC1', [3]), { mode: 'append', txn: { appId: 'loader', version: 1 } });
  expect(
    await table.write(rows('VIC1', [3]), { mode: 'append', txn: { appId: 'loader', version: 1 } }),
  ).toEqual({
    version: 1,
    noop: true,
  });
  await table.merge(rows('NSW1', [2, 4], 9), { on: ['region', 'id'] });
  await table.delete({ column: 'id', op: '=', value: 1 });
  const replaced = await table.write(rows('VIC1', [5]), {
    mode: 'overwrite',
    replaceWhere: { column: 'region', op: '=', value: 'VIC1' },
  });
  expect(replaced).toMatchObject({ version: 4, checkpointVersion: 4 });
  expect(await ids(table)).toEqual(['NSW1:2:9', 'NSW1:4:9', 'VIC1:5:1']);

  await table.write(rows('NSW1', [6]), { mode: 'append' });
  const optimized = await table.optimize();
  expect(optimized).toMatchObject({ version: 6, removedFiles: 2, addedFiles: 1 });
  expect(await ids(table)).toEqual(['NSW1:2:9', 'NSW1:4:9', 'NSW1:6:1', 'VIC1:5:1']);
  expect(await table.checkpoint()).toBe(6);
  expect((await table.snapshot()).files).toHaveLength(2);

  const deletable = await table.vacuum({ retentionHours: 0, force: true, dryRun: true });
  expect(deletable.length).toBeGreaterThanOrEqual(4); // every data file a remove points at
  expect(deletable.every((p) => p.startsWith('region=') && !p.includes('_delta_log'))).toBe(true);
  expect(await table.vacuum({ retentionHours: 0, force: true })).toEqual(deletable);
  expect(await table.vacuum({ retentionHours: 0, force: true, dryRun: true })).toEqual([]);
  expect(await ids(table)).toEqual(['NSW1:2:9', 'NSW1:4:9', 'NSW1:6:1', 'VIC1:5:1']);
  expect((await table.history()).map((h) => h.operation)).toEqual([
    'OPTIMIZE',
    'WRITE',
    'WRITE',
    'DELETE',
    'MERGE',
    'WRITE',
    'CREATE TABLE AS SELECT',
  ]);
});
