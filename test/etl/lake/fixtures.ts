// Paths of the shared Delta fixtures (read in place, never copied into the repo) and row normalisation for
// comparing what our reader returns with expected rows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import pl, { type DataFrame } from 'nodejs-polars';
import type { DataType, StructType } from '../../../etl/src/lake/protocol/schema';

export const FIXTURES = path.resolve(__dirname, '../../..', '..', 'shared', 'fixtures', 'delta');
export const DELTA_RS = path.join(FIXTURES, 'delta-rs');
export const DAT = path.join(FIXTURES, 'dat');

/** Parquet files of a directory (Spark's `_SUCCESS` and `.crc` files skipped). */
export function parquetFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.parquet') && !f.startsWith('.'))
    .map((f) => path.join(dir, f));
}

/**
 * Casts columns whose JS form is lossy or missing in nodejs-polars into exact comparable ones: decimals and longs
 * to text, binary to byte lists, timestamps to epoch microseconds, dates to day numbers.
 */
function normaliseExpr(name: string, type: DataType): pl.Expr {
  const col = pl.col(name);
  if (type.kind === 'decimal') return col.cast(pl.Utf8).alias(name);
  if (type.kind !== 'primitive') return col;
  switch (type.name) {
    case 'long':
      return col.cast(pl.Utf8).alias(name);
    case 'binary':
      return col.cast(pl.List(pl.UInt8)).alias(name);
    case 'timestamp':
      return col.cast(pl.Datetime('us', 'UTC')).cast(pl.Int64).cast(pl.Utf8).alias(name);
    case 'timestamp_ntz':
      return col.cast(pl.Datetime('us')).cast(pl.Int64).cast(pl.Utf8).alias(name);
    case 'date':
      return col.cast(pl.Int32).alias(name);
    default:
      return col;
  }
}

/** Rows as sorted JSON strings, columns in schema order; equal multisets of rows compare equal. */
export function normalisedRows(df: DataFrame, schema: StructType): string[] {
  const frame = df.select(...schema.fields.map((f) => normaliseExpr(f.name, f.type)));
  return frame
    .toRecords()
    .map((row) =>
      JSON.stringify(
        schema.fields.map((f) => row[f.name]),
        (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v instanceof Date ? v.toISOString() : v),
      ),
    )
    .sort();
}

/** Reads an expected-rows directory (Spark output: one or more parquet part files). */
export function readExpected(dir: string): DataFrame {
  const frames = parquetFiles(dir).map((f) => pl.readParquet(f));
  return frames.length === 1 ? frames[0]! : pl.concat(frames, { how: 'diagonalRelaxed' });
}
