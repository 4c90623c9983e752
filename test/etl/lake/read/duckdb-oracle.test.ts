// DuckDB as an independent oracle (notes §12): it reconciles the log with SQL (newest action per decoded path wins,
// starting from the newest checkpoint) and counts rows of the live files with its own Parquet reader. For every
// fixture table our reader reads, both must agree with our snapshot and scan.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { decodeLogPath } from '../../../../etl/src/lake/protocol/partition-values';
import { openTable } from '../../../../etl/src/lake/table';
import { DAT, DELTA_RS } from '../fixtures';

/** Readable tables with their data files present (see delta-rs-tables.test.ts for the full list). */
const TABLES = [
  ...[
    'cdc_ict_table',
    'cdf-table',
    'cdf-table-non-partitioned',
    'checkpoint-cdf-table',
    'delta-0.2.0',
    'delta-0.8.0',
    'delta-0.8.0-date',
    'delta-0.8.0-null-partition',
    'delta-0.8.0-numeric-partition',
    'delta-0.8.0-partitioned',
    'delta-0.8.0-special-partition',
    'delta-1.2.1-only-struct-stats',
    'delta-2.2.0-partitioned-types',
    'delta-checkpoint-stats-optional',
    'delta-stats-optional',
    'golden/data-reader-array-primitives',
    'http_requests',
    'issue_1374',
    'partition-type-primitives',
    'python-0.25.5-checkpoint',
    'simple_table',
    'simple_table_with_cdc',
    'simple_table_with_checkpoint',
    'table-without-dv-small',
    'table_failed_last_checkpoint_update',
    'table_with_edge_timestamps',
    'table_with_null_stats_in_notnull_struct',
  ].map((name) => path.join(DELTA_RS, name)),
  ...['all_primitive_types', 'basic_append', 'multi_partitioned', 'multi_partitioned_2', 'nested_types']
    .concat(['no_replay', 'no_stats', 'stats_as_struct', 'with_checkpoint', 'with_schema_change'])
    .map((name) => path.join(DAT, name, 'delta')),
];

let db: DuckDBConnection;
beforeAll(async () => {
  db = await (await DuckDBInstance.create(':memory:')).connect();
});

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Live files by DuckDB: the newest checkpoint (if any) plus later JSON commits, newest action per path wins. */
async function liveFilesByDuckDb(root: string): Promise<string[]> {
  const log = path.join(root, '_delta_log');
  const names = fs.readdirSync(log);
  const checkpoint = names
    .filter((n) => /^\d{20}\.checkpoint\.parquet$/.test(n))
    .sort()
    .pop();
  const from = checkpoint === undefined ? -1 : Number(checkpoint.slice(0, 20));
  const commits = names.filter((n) => /^\d{20}\.json$/.test(n) && Number(n.slice(0, 20)) > from);
  const parts: string[] = [];
  if (commits.length > 0) {
    const list = commits.map((n) => sqlString(path.join(log, n))).join(', ');
    parts.push(`select cast(regexp_extract(filename, '(\\d{20})\\.json$', 1) as bigint) as version, "add".path as add_path,
      "remove".path as remove_path
      from read_json([${list}], format = 'newline_delimited', filename = true,
                     columns = {'add': 'STRUCT(path VARCHAR)', 'remove': 'STRUCT(path VARCHAR)'})`);
  }
  if (checkpoint !== undefined) {
    parts.push(`select ${from} as version, "add".path as add_path, "remove".path as remove_path
      from read_parquet(${sqlString(path.join(log, checkpoint))})`);
  }
  const result = await db.runAndReadAll(`
    with actions as (${parts.join(' union all ')}),
    files as (
      select url_decode(coalesce(add_path, remove_path)) as path, add_path is not null as is_add, version
      from actions where add_path is not null or remove_path is not null
    )
    select path from (select *, row_number() over (partition by path order by version desc, is_add) as rn from files)
    where rn = 1 and is_add order by path`);
  return result.getRowObjectsJson().map((r) => String(r.path));
}

describe.each(TABLES.map((root) => [path.relative(path.dirname(DELTA_RS), root), root]))(
  '%s',
  (_label, root) => {
    it('has the live files and row count DuckDB finds', async () => {
      const table = openTable(root);
      const snapshot = await table.snapshot();
      const ours = snapshot.files.map((f) => decodeLogPath(f.path)).sort();
      expect(ours).toEqual(await liveFilesByDuckDb(root));

      const rows = (await table.scan({ columns: [snapshot.schema.fields[0]!.name] })).collectSync().height;
      if (ours.length === 0) {
        expect(rows).toBe(0);
        return;
      }
      const list = ours.map((p) => sqlString(path.join(root, p))).join(', ');
      const counted = await db.runAndReadAll(
        `select count(*)::integer as n from read_parquet([${list}], union_by_name = true)`,
      );
      expect(rows).toBe(Number(counted.getRowObjectsJson()[0]!.n));
    });
  },
);
