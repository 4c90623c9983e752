// Every delta-rs test table in the shared fixtures, with what our reader must do with it: read it (version, live
// files, rows), reconstruct its log when the fixture ships no data files, or refuse it naming the feature. The
// same list is in docs/delta-engine.md "Table expectations".
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import pl from 'nodejs-polars';
import { LakeError, UnsupportedFeatureError } from '../../../../etl/src/lake/errors';
import { encodeRows } from '../../../../etl/src/lake/read/row-encoding';
import { openTable } from '../../../../etl/src/lake/table';
import { DELTA_RS } from '../fixtures';

type Expectation =
  /** Snapshot and a full scan succeed. */
  | { readonly kind: 'reads'; readonly version: number; readonly files: number; readonly rows: number }
  /** The log reconstructs; the fixture ships only `_delta_log/` (data files were not part of the test data). */
  | { readonly kind: 'log-only'; readonly version: number; readonly files: number }
  /** Refused with UnsupportedFeatureError naming this feature. */
  | { readonly kind: 'refused'; readonly feature: string }
  /** Not a table (no `_delta_log/` commits): TableNotFoundError. */
  | { readonly kind: 'not-a-table' };

const reads = (version: number, files: number, rows: number): Expectation => ({
  kind: 'reads',
  version,
  files,
  rows,
});
const logOnly = (version: number, files: number): Expectation => ({ kind: 'log-only', version, files });
const refused = (feature: string): Expectation => ({ kind: 'refused', feature });

const EXPECTATIONS: Record<string, Expectation> = {
  'COVID-19_NYT': reads(0, 8, 1_111_930),
  cdc_ict_table: reads(3, 2, 2), // writer 7 features (ICT, CDF) do not concern readers
  'cdf-table': reads(3, 9, 9),
  'cdf-table-non-partitioned': reads(4, 11, 11),
  'cdf-table-with-cdc-and-dvs': refused('deletionVectors'),
  'checkpoint-cdf-table': reads(5, 13, 13),
  'checkpoint-v2-table': refused('v2Checkpoint'),
  checkpoint_with_partitions: logOnly(2, 2),
  checkpoints: logOnly(12, 12),
  checkpoints_tombstones: { kind: 'not-a-table' }, // only a .gitignore survived the copy
  checkpoints_vacuumed: logOnly(12, 12), // commits before checkpoint 5 were cleaned up
  concurrent_workers: reads(0, 0, 0),
  'delta-0.2.0': reads(3, 3, 6),
  'delta-0.8-empty': reads(1, 0, 0),
  'delta-0.8.0': reads(1, 2, 4),
  'delta-0.8.0-date': reads(0, 1, 5),
  'delta-0.8.0-null-partition': reads(0, 2, 2),
  'delta-0.8.0-numeric-partition': reads(0, 2, 2),
  'delta-0.8.0-partitioned': reads(0, 6, 7),
  'delta-0.8.0-special-partition': reads(0, 2, 2),
  'delta-1.2.1-only-struct-stats': reads(12, 12, 12),
  'delta-2.2.0-partitioned-types': reads(0, 3, 3),
  'delta-checkpoint-stats-optional': reads(2, 2, 2),
  'delta-live-table': reads(1, 0, 0), // reader 2 with column mapping mode none: names are physical
  'delta-stats-optional': reads(2, 2, 2),
  'golden/data-reader-array-primitives': reads(0, 2, 10),
  http_requests: reads(1, 2, 1581),
  'issue-2152': reads(0, 0, 0), // writer 6 (identity columns) concerns writers only
  issue_1374: reads(1, 2, 20),
  latest_not_checkpointed: logOnly(3, 1),
  'partition-type-primitives': reads(0, 16, 16),
  'python-0.25.5-checkpoint': reads(1, 2, 6),
  simple_commit: reads(0, 0, 0),
  simple_table: reads(4, 5, 3),
  simple_table_features: refused('minReaderVersion 5'),
  simple_table_with_cdc: reads(2, 1, 1),
  simple_table_with_checkpoint: reads(10, 11, 11),
  'spark-shredded-variant-preview-delta': refused('variantShredding-preview'),
  'spark-variant-checkpoint': refused('variantType-preview'),
  'spark-variant-stable-feature-checkpoint': refused('variantType'),
  'table-with-domain-metadata': refused('deletionVectors'),
  'table-with-dv-small': refused('deletionVectors'),
  'table-without-dv-small': reads(0, 1, 10),
  table_failed_last_checkpoint_update: reads(3, 4, 20),
  table_with_column_mapping: refused('columnMapping'),
  table_with_deletion_logs: refused('deletionVectors'),
  table_with_edge_timestamps: reads(0, 2, 2),
  table_with_liquid_clustering: refused('deletionVectors'),
  table_with_null_stats_in_notnull_struct: reads(1, 2, 2),
  table_with_partitioning_mapping: refused('deletionVectors'),
  with_checkpoint_no_last_checkpoint: logOnly(3, 1),
};

/**
 * Each top-level folder (51; the fixture README counts 50), except `golden/`, which holds a table itself.
 * `checkpoints_tombstones` holds no table at all in the copy (only its .gitignore survived).
 */
function tablesOnDisk(): string[] {
  return fs
    .readdirSync(DELTA_RS)
    .flatMap((name) =>
      name === 'golden' ? fs.readdirSync(path.join(DELTA_RS, name)).map((t) => `golden/${t}`) : [name],
    )
    .sort();
}

it('has an expectation for each fixture table folder, and only for them', () => {
  const onDisk = tablesOnDisk();
  expect(onDisk).toHaveLength(51);
  expect(Object.keys(EXPECTATIONS).sort()).toEqual(onDisk);
});

describe.each(Object.entries(EXPECTATIONS))('%s', (name, expectation) => {
  const table = openTable(path.join(DELTA_RS, name));

  switch (expectation.kind) {
    case 'reads':
      it(`reads version ${expectation.version}: ${expectation.files} files, ${expectation.rows} rows`, async () => {
        const snapshot = await table.snapshot();
        expect(snapshot.version).toBe(expectation.version);
        expect(snapshot.files).toHaveLength(expectation.files);
        // every column, through the row encoder, except for the one large table (counted on one column)
        const small = expectation.rows < 100_000;
        const columns = small ? undefined : [snapshot.schema.fields[0]!.name];
        const df = (await table.scan(columns === undefined ? {} : { columns })).collectSync();
        expect(df.height).toBe(expectation.rows);
        if (small) expect([...encodeRows(df, snapshot.schema)]).toHaveLength(expectation.rows);
      });
      break;
    case 'log-only':
      it(`reconstructs version ${expectation.version} with ${expectation.files} live files`, async () => {
        const snapshot = await table.snapshot();
        expect(snapshot.version).toBe(expectation.version);
        expect(snapshot.files).toHaveLength(expectation.files);
        const dataFiles = fs.readdirSync(path.join(DELTA_RS, name)).filter((f) => f !== '_delta_log');
        expect(dataFiles).toEqual([]);
      });
      break;
    case 'refused':
      it(`is refused naming "${expectation.feature}"`, async () => {
        const error = await table.snapshot().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UnsupportedFeatureError);
        expect((error as UnsupportedFeatureError).feature).toBe(expectation.feature);
        expect((error as Error).message).toContain(`"${expectation.feature}"`);
        await expect(table.scan()).rejects.toBeInstanceOf(UnsupportedFeatureError);
      });
      break;
    case 'not-a-table':
      it('is not a table', async () => {
        await expect(table.snapshot()).rejects.toMatchObject({ code: 'TABLE_NOT_FOUND' });
        expect(await table.exists()).toBe(false);
      });
      break;
  }
});

describe('known values (from delta-rs own tests and the data)', () => {
  const rows = async (name: string, columns?: string[]) =>
    (await openTable(path.join(DELTA_RS, name)).scan(columns === undefined ? {} : { columns }))
      .collectSync()
      .toRecords();

  it('simple_table: ids 5, 7, 9 after deletes and 31 tombstones', async () => {
    expect((await rows('simple_table')).map((r) => r.id).sort()).toEqual([5, 7, 9]);
    expect((await openTable(path.join(DELTA_RS, 'simple_table')).snapshot()).tombstones).toHaveLength(31);
  });

  it('delta-0.8.0: values 0, 1, 2, 4', async () => {
    expect((await rows('delta-0.8.0')).map((r) => r.value).sort()).toEqual([0, 1, 2, 4]);
  });

  it('special partition values are decoded twice (URI, then Hive) from add.path, but read from the log', async () => {
    expect((await rows('delta-0.8.0-special-partition')).map((r) => r.x).sort()).toEqual(['A/A', 'B B']);
  });

  it('numeric partition values written "10.0" and "9.9" read as typed numbers', async () => {
    const got = await rows('delta-0.8.0-numeric-partition');
    expect(got.map((r) => [r.x, r.y, r.z]).sort()).toEqual([
      [10, 10, 'b'],
      [9, 9.9, 'a'],
    ]);
  });

  it('null partitions read as null', async () => {
    const got = await rows('delta-0.8.0-null-partition');
    expect(got.map((r) => [r.k, r.v]).sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ['A', 1],
      [null, 2],
    ]);
  });

  it('delta-0.2.0 keeps the txn version of its streaming writer', async () => {
    const snapshot = await openTable(path.join(DELTA_RS, 'delta-0.2.0')).snapshot();
    expect(snapshot.appTransactionVersion('e4a20b59-dd0e-4c50-b074-e8ae4786df30')).toBeGreaterThanOrEqual(0);
    expect(snapshot.appTransactionVersion('someone-else')).toBeUndefined();
  });

  it('timestamps are Datetime(us, UTC), up to the edge of the INT64 nanosecond range', async () => {
    const lf = await openTable(path.join(DELTA_RS, 'table_with_edge_timestamps')).scan();
    const df = lf
      .select(pl.col('BIG_DATE').dt.strftime('%Y-%m-%dT%H:%M:%S%.6fZ'), pl.col('NORMAL_DATE').cast(pl.Utf8))
      .collectSync();
    expect(df.getColumn('BIG_DATE').toArray()).toEqual([
      '2262-04-11T23:47:16.854775Z',
      '2262-04-11T23:47:16.854775Z',
    ]);
    expect(String(lf.collectSync().getColumn('NORMAL_DATE').dtype)).toBe(String(pl.Datetime('us', 'UTC')));
  });

  it('filters on partition values as typed values: y = 10 matches the logged "10.0"', async () => {
    const table = openTable(path.join(DELTA_RS, 'delta-0.8.0-numeric-partition'));
    const df = (await table.scan({ filter: { column: 'y', op: '=', value: 10 } })).collectSync();
    expect(df.toRecords()).toEqual([{ x: 10, y: 10, z: 'b' }]);
  });

  it('string partition columns compare as strings: "2021" is not "2021.0"', async () => {
    const table = openTable(path.join(DELTA_RS, 'partition-type-primitives'));
    const count = async (value: string) =>
      (await table.scan({ columns: ['id'], filter: { column: 'year', op: '=', value } })).collectSync()
        .height;
    expect(await count('2021')).toBe(0);
    expect(await count('2021.0')).toBe(8);
    expect(await count('2020')).toBe(8);
  });

  it('a projection of partition columns alone keeps one row per data row', async () => {
    const df = (
      await openTable(path.join(DELTA_RS, 'http_requests')).scan({ columns: ['date'] })
    ).collectSync();
    expect(df.height).toBe(1581);
  });

  it('unsupported tables fail with a LakeError (expected, not a bug)', async () => {
    const error = await openTable(path.join(DELTA_RS, 'table-with-dv-small'))
      .snapshot()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LakeError);
    expect(
      (error as Error).message.replace(pathToFileURL(DELTA_RS).href, '<delta-rs>'),
    ).toMatchInlineSnapshot(
      `"<delta-rs>/table-with-dv-small: table uses "deletionVectors", which this engine does not support: rows deleted through deletion vectors would be returned"`,
    );
  });
});
