// Turns a frame (already cast to the table schema) into Parquet data files: one group per partition, partition
// columns dropped from the files (Delta keeps them in the log only), UUID names so files are never overwritten,
// and an `add` action per file with its exact size and stats.
import { randomUUID } from 'node:crypto';
import pl from 'nodejs-polars';
import type { ObjectStore } from '../storage/types';
import { encodeLogPath } from '../protocol/partition-values';
import { partitionDirectory } from './partition-path';
import type { StructType } from '../protocol/schema';
import { encodeWithHyparquet, needsHyparquet } from './hyparquet-data-file';
import { DEFAULT_STATS_OPTIONS, type StatsOptions, collectStats } from './stats';

export type ParquetCompression = 'snappy' | 'zstd';

export interface DataFileOptions {
  readonly partitionColumns: readonly string[];
  readonly compression?: ParquetCompression;
  readonly stats?: StatsOptions;
  /** Splits a partition into files of at most this many rows. */
  readonly maxRowsPerFile?: number;
  /** false for rewrites that change no data (optimize). */
  readonly dataChange?: boolean;
  /**
   * The table schema the frame was cast to. When it holds map or binary columns, files are encoded by
   * hyparquet-writer (polars cannot write them); without it, polars writes.
   */
  readonly schema?: StructType;
}

/** The fields of an `add` action a data file writer knows. */
export interface WrittenFile {
  readonly path: string;
  readonly partitionValues: Record<string, string | null>;
  readonly size: number;
  readonly modificationTime: number;
  readonly dataChange: boolean;
  readonly stats: string;
}

const DEFAULT_MAX_ROWS_PER_FILE = 2_000_000;

/** Writes `df` as data files under the table root and returns their `add` actions (nothing is committed). */
export async function writeDataFiles(
  store: ObjectStore,
  df: pl.DataFrame,
  options: DataFileOptions,
): Promise<WrittenFile[]> {
  const compression = options.compression ?? 'snappy';
  const maxRows = options.maxRowsPerFile ?? DEFAULT_MAX_ROWS_PER_FILE;
  const written: WrittenFile[] = [];
  if (df.height === 0) return written; // no empty files: an empty write adds nothing
  const partitioned = new Set(options.partitionColumns);
  const fileSchema: StructType | undefined =
    options.schema === undefined
      ? undefined
      : { kind: 'struct', fields: options.schema.fields.filter((f) => !partitioned.has(f.name)) };
  const encode =
    fileSchema !== undefined && needsHyparquet(fileSchema)
      ? (chunk: pl.DataFrame) => {
          const file = encodeWithHyparquet(chunk, fileSchema, compression);
          return { bytes: file.bytes, fileStats: { schema: fileSchema, nanLeaves: file.nanLeaves } };
        }
      : (chunk: pl.DataFrame) => ({ bytes: chunk.writeParquet({ compression }), fileStats: undefined });
  for (const group of splitByPartition(df, options.partitionColumns)) {
    const data = options.partitionColumns.length > 0 ? group.drop([...options.partitionColumns]) : group;
    const partitionValues = serialisePartitionValues(group, options.partitionColumns);
    const directory = partitionDirectory(options.partitionColumns, partitionValues);
    for (let offset = 0; offset < data.height; offset += maxRows) {
      const chunk = data.height > maxRows ? data.slice(offset, maxRows) : data;
      const { bytes, fileStats } = encode(chunk);
      const name = `part-00000-${randomUUID()}-c000.${compression}.parquet`;
      const relative = directory === '' ? name : `${directory}/${name}`;
      await store.put(relative, bytes);
      written.push({
        path: toAddPath(relative),
        partitionValues,
        size: bytes.length,
        modificationTime: Date.now(),
        dataChange: options.dataChange ?? true,
        stats: collectStats(chunk, bytes, options.stats ?? DEFAULT_STATS_OPTIONS, fileStats),
      });
      if (data.height <= maxRows) break;
    }
  }
  return written;
}

/**
 * `add.path` for a relative object path. `=` is legal in a URI path, and Spark leaves it unencoded
 * (`x=A%252FA/…`); any `=` inside a value was Hive-escaped to `%3D` already, so only separators remain.
 */
export function toAddPath(relative: string): string {
  return encodeLogPath(relative).replace(/%3D/g, '=');
}

function splitByPartition(df: pl.DataFrame, partitionColumns: readonly string[]): pl.DataFrame[] {
  if (partitionColumns.length === 0) return [df];
  return df.partitionBy([...partitionColumns], true, true);
}

/**
 * Partition values as the log spells them (note §5): decimal text for numbers, `YYYY-MM-DD` for dates, ISO-8601
 * UTC with microseconds for timestamps, `true|false`, and null for null (an empty string is null too).
 */
export function serialisePartitionValues(
  group: pl.DataFrame,
  partitionColumns: readonly string[],
): Record<string, string | null> {
  if (partitionColumns.length === 0) return {};
  const exprs = partitionColumns.map((column) => {
    const dtype = group.getColumn(column).dtype;
    const expr = pl.col(column);
    if (dtype.variant === 'Datetime') return expr.cast(pl.Datetime('us', 'UTC')).cast(pl.Int64).cast(pl.Utf8);
    if (dtype.variant === 'Binary' || dtype.variant === 'List' || dtype.variant === 'Struct') {
      throw new TypeError(
        `partition column "${column}" has type ${dtype.variant}, which cannot be a partition value`,
      );
    }
    return expr.cast(pl.Utf8);
  });
  const row =
    group
      .select(...exprs)
      .head(1)
      .toRecords()[0] ?? {};
  const values: Record<string, string | null> = {};
  for (const column of partitionColumns) {
    const raw = row[column];
    const text = raw === null || raw === undefined || raw === '' ? null : String(raw);
    values[column] =
      text !== null && group.getColumn(column).dtype.variant === 'Datetime' ? isoMicros(BigInt(text)) : text;
  }
  return values;
}

/** `2024-01-31T04:05:06.123456Z` from microseconds since the epoch. */
export function isoMicros(micros: bigint): string {
  const ms = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const fraction = ((micros % 1_000_000n) + 1_000_000n) % 1_000_000n;
  const iso = new Date(Number(ms)).toISOString();
  return `${iso.slice(0, 19)}.${fraction.toString().padStart(6, '0')}Z`;
}
