// Data files for tables holding map or binary columns. polars cannot write a Parquet MAP and nodejs-polars cannot
// name a Binary column, so such files are encoded by hyparquet-writer (pure JS) from the frame's values, with the
// Parquet schema derived from the Delta schema. Every other table keeps polars' faster writer.
import { zstdCompressSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type pl from 'nodejs-polars';
import type { DataType, StructType } from '../protocol/schema';
import { frameValues } from './frame-values';
import { parquetSchemaOf } from './parquet-schema';

/** True when some column holds a map or binary at any depth: polars cannot write the file. */
export function needsHyparquet(schema: StructType): boolean {
  return schema.fields.some((f) => holdsMapOrBinary(f.type));
}

function holdsMapOrBinary(type: DataType): boolean {
  switch (type.kind) {
    case 'map':
      return true;
    case 'primitive':
      return type.name === 'binary';
    case 'decimal':
      return false;
    case 'array':
      return holdsMapOrBinary(type.elementType);
    case 'struct':
      return type.fields.some((f) => holdsMapOrBinary(f.type));
  }
}

export interface EncodedFile {
  readonly bytes: Uint8Array;
  /** Float leaves holding NaN: their min/max must be left out of the Delta stats. */
  readonly nanLeaves: ReadonlySet<string>;
}

/** The Parquet bytes of `df` (cast to `schema`, the file's columns only) as one row group. */
export function encodeWithHyparquet(
  df: pl.DataFrame,
  schema: StructType,
  compression: 'snappy' | 'zstd',
): EncodedFile {
  const { columns, nanLeaves } = frameValues(df, schema);
  const buffer = parquetWriteBuffer({
    columnData: schema.fields.map((f, i) => ({ name: f.name, data: columns[i]! })),
    schema: parquetSchemaOf(schema),
    codec: compression === 'zstd' ? 'ZSTD' : 'SNAPPY',
    compressors: { ZSTD: (input: Uint8Array) => new Uint8Array(zstdCompressSync(input)) },
    // Whole values in the footer: the Delta stats cut strings themselves (stats.ts).
    statisticsTruncateLength: Infinity,
    rowGroupSize: Math.max(df.height, 1),
    createdBy: 'energy-market delta engine (hyparquet-writer)',
  });
  return { bytes: new Uint8Array(buffer), nanLeaves };
}
