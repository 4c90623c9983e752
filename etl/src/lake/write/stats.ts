// Per-file statistics for `add.stats` (PROTOCOL.md "Per-file Statistics"). polars writes min, max and null count
// for every leaf column into the Parquet footer it produces; we read them back with hyparquet (pure JS, about a
// millisecond) instead of building dozens of polars expressions per file, which costs far more than the write on
// small commits. Decimals are the exception: hyparquet turns their bounds into doubles, so they are aggregated
// exactly in polars. Bounds must be true bounds: a wrong min/max makes readers skip files that hold matches.
import { parquetMetadata } from 'hyparquet';
import pl, { type DataType } from 'nodejs-polars';
import { ExactNumber, type JsonLike, stringifyJson } from './json-text';
import type { DataType as DeltaType, StructType } from '../protocol/schema';
import { frameColumns } from './schema';

export interface StatsOptions {
  /** `delta.dataSkippingNumIndexedCols`: leaf columns (in schema order) that get stats; -1 = all. */
  readonly numIndexedCols: number;
  /** `delta.dataSkippingStringPrefixLength`: strings are cut to this many code points. */
  readonly stringPrefixLength: number;
}

export const DEFAULT_STATS_OPTIONS: StatsOptions = { numIndexedCols: 32, stringPrefixLength: 32 };

type BoundKind = 'integer' | 'float' | 'string' | 'date' | 'timestamp' | 'decimal' | 'none';

interface Leaf {
  readonly path: readonly string[];
  readonly kind: BoundKind;
}

interface Bounds {
  min?: JsonLike;
  max?: JsonLike;
  nullCount?: number;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MS_PER_DAY = 86_400_000;

/** The file's Delta schema, for files hyparquet-writer wrote (their frames may hold columns polars cannot name). */
export interface FileSchema {
  readonly schema: StructType;
  /** Float leaves holding NaN (joined by U+0000): no bounds, as the footer's ignore NaN. */
  readonly nanLeaves: ReadonlySet<string>;
}

/**
 * The `add.stats` JSON string for `df` (partition columns already dropped), from the footer of `parquet`, the
 * bytes written for exactly this frame. Leaves come from the frame's dtypes, or from `file` when given.
 */
export function collectStats(
  df: pl.DataFrame,
  parquet: Uint8Array,
  options: StatsOptions = DEFAULT_STATS_OPTIONS,
  file?: FileSchema,
): string {
  const leaves =
    file === undefined
      ? indexedLeaves(df, options.numIndexedCols)
      : schemaLeaves(file, options.numIndexedCols);
  const footer = footerBounds(parquet);
  const decimals = decimalBounds(
    df,
    leaves.filter((leaf) => leaf.kind === 'decimal'),
  );
  const minValues: Record<string, JsonLike> = {};
  const maxValues: Record<string, JsonLike> = {};
  const nullCount: Record<string, JsonLike> = {};
  for (const leaf of leaves) {
    const key = leaf.path.join('\u0000');
    const raw = leaf.kind === 'decimal' ? decimals.get(key) : footer.get(key);
    setNested(nullCount, leaf.path, raw?.nullCount ?? 0);
    if (df.height === 0 || raw === undefined) continue;
    const bounds = toDeltaBounds(leaf.kind, raw, options.stringPrefixLength);
    if (bounds.min !== undefined) setNested(minValues, leaf.path, bounds.min);
    if (bounds.max !== undefined) setNested(maxValues, leaf.path, bounds.max);
  }
  return stringifyJson({ numRecords: df.height, minValues, maxValues, nullCount });
}

function indexedLeaves(df: pl.DataFrame, limit: number): Leaf[] {
  const leaves: Leaf[] = [];
  const visit = (path: string[], dtype: DataType): void => {
    if (limit >= 0 && leaves.length >= limit) return;
    if (dtype.variant === 'Struct') {
      for (const field of (dtype as pl.Struct).inner) visit([...path, field.name], field.dtype);
      return;
    }
    // Spark and delta-rs keep no stats for arrays and maps (note §6).
    if (dtype.variant === 'List' || dtype.variant === 'FixedSizeList') return;
    leaves.push({ path, kind: boundKind(dtype) });
  };
  for (const column of frameColumns(df)) {
    // A column polars cannot describe holds binary: null counts only.
    if (column.dtype === undefined) leaves.push({ path: [column.name], kind: 'none' });
    else visit([column.name], column.dtype);
  }
  return leaves;
}

/** indexedLeaves from a Delta schema: maps and arrays get no stats; binary and booleans null counts only. */
function schemaLeaves(file: FileSchema, limit: number): Leaf[] {
  const leaves: Leaf[] = [];
  const visit = (path: string[], type: DeltaType): void => {
    if (limit >= 0 && leaves.length >= limit) return;
    if (type.kind === 'struct') {
      for (const field of type.fields) visit([...path, field.name], field.type);
      return;
    }
    if (type.kind === 'array' || type.kind === 'map') return;
    if (type.kind === 'decimal') {
      leaves.push({ path, kind: 'decimal' });
      return;
    }
    const kind = DELTA_BOUND_KIND[type.name] ?? 'none';
    leaves.push({ path, kind: kind === 'float' && file.nanLeaves.has(path.join('\u0000')) ? 'none' : kind });
  };
  for (const field of file.schema.fields) visit([field.name], field.type);
  return leaves;
}

const DELTA_BOUND_KIND: Readonly<Record<string, BoundKind>> = {
  long: 'integer',
  integer: 'integer',
  short: 'integer',
  byte: 'integer',
  float: 'float',
  double: 'float',
  string: 'string',
  date: 'date',
  timestamp: 'timestamp',
};

function boundKind(dtype: DataType): BoundKind {
  switch (dtype.variant) {
    case 'Int8':
    case 'Int16':
    case 'Int32':
    case 'Int64':
      return 'integer';
    case 'Float32':
    case 'Float64':
      return 'float';
    case 'Utf8':
    case 'String':
      return 'string';
    case 'Date':
      return 'date';
    case 'Datetime':
      return 'timestamp';
    case 'Decimal':
      return 'decimal';
    default:
      // Booleans, binary and null columns: null counts only, as Spark does.
      return 'none';
  }
}

/**
 * Bounds per leaf path from the Parquet footer, combined over row groups. Timestamps stay raw bigints and dates
 * raw day numbers (hyparquet would turn them into millisecond Dates). A row group without min/max that holds
 * values makes the leaf's bounds unknown; polars leaves them out when a float column holds NaN.
 */
function footerBounds(parquet: Uint8Array): Map<string, Bounds & { unknown?: boolean }> {
  const metadata = parquetMetadata(
    parquet.buffer.slice(parquet.byteOffset, parquet.byteOffset + parquet.byteLength) as ArrayBuffer,
    {
      parsers: {
        timestampFromMicroseconds: (micros: bigint) => micros,
        timestampFromMilliseconds: (millis: bigint) => millis * 1000n,
        timestampFromNanoseconds: (nanos: bigint) => nanos / 1000n,
        dateFromDays: (days: number) => days,
      } as never,
    },
  );
  const out = new Map<string, Bounds & { unknown?: boolean }>();
  for (const group of metadata.row_groups) {
    for (const chunk of group.columns) {
      const meta = chunk.meta_data;
      if (meta === undefined) continue;
      const key = meta.path_in_schema.join('\u0000');
      const stats = meta.statistics;
      const nulls = stats?.null_count === undefined ? undefined : Number(stats.null_count);
      const entry = out.get(key) ?? { nullCount: 0 };
      entry.nullCount =
        nulls === undefined || entry.nullCount === undefined ? undefined : entry.nullCount + nulls;
      const allNull = nulls !== undefined && BigInt(nulls) === BigInt(group.num_rows);
      const min = stats?.min_value ?? stats?.min;
      const max = stats?.max_value ?? stats?.max;
      if (min === undefined || max === undefined || min === null || max === null) {
        if (!allNull) entry.unknown = true;
      } else {
        if (entry.min === undefined || compare(min, entry.min) < 0) entry.min = min as JsonLike;
        if (entry.max === undefined || compare(max, entry.max) > 0) entry.max = max as JsonLike;
      }
      out.set(key, entry);
    }
  }
  for (const entry of out.values()) {
    if (entry.unknown) {
      delete entry.min;
      delete entry.max;
    }
  }
  return out;
}

/** Orders two footer values of one column: numbers, bigints, or strings by UTF-8 bytes (Delta's order). */
function compare(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** Exact decimal bounds (as text) and null counts, aggregated in polars. */
function decimalBounds(df: pl.DataFrame, leaves: readonly Leaf[]): Map<string, Bounds> {
  const out = new Map<string, Bounds>();
  if (leaves.length === 0 || df.height === 0) return out;
  const exprs = leaves.flatMap((leaf, i) => {
    const [head, ...rest] = leaf.path;
    const expr = rest.reduce((e, name) => e.struct.field(name), pl.col(head!));
    return [
      expr.min().cast(pl.Utf8).alias(`lo${i}`),
      expr.max().cast(pl.Utf8).alias(`hi${i}`),
      expr.nullCount().alias(`n${i}`),
    ];
  });
  const row = df.select(...exprs).toRecords()[0] ?? {};
  leaves.forEach((leaf, i) => {
    const lo = row[`lo${i}`];
    const hi = row[`hi${i}`];
    out.set(leaf.path.join('\u0000'), {
      nullCount: Number(row[`n${i}`]),
      ...(lo === null || lo === undefined ? {} : { min: String(lo) }),
      ...(hi === null || hi === undefined ? {} : { max: String(hi) }),
    });
  });
  return out;
}

function toDeltaBounds(
  kind: BoundKind,
  raw: Bounds,
  prefixLength: number,
): { min?: JsonLike; max?: JsonLike } {
  const { min, max } = raw;
  if (min === undefined || max === undefined) return {};
  switch (kind) {
    case 'integer':
      return { min: integerValue(min), max: integerValue(max) };
    case 'decimal':
      return { min: new ExactNumber(String(min)), max: new ExactNumber(String(max)) };
    case 'date':
      return { min: isoDate(Number(min)), max: isoDate(Number(max)) };
    case 'timestamp':
      return timestampBounds(BigInt(min as number), BigInt(max as number));
    case 'float':
      // NaN and infinities are not JSON numbers (note §10 trap 6); polars leaves bounds out when NaN is present.
      return {
        ...(Number.isFinite(min) ? { min: min as number } : {}),
        ...(Number.isFinite(max) ? { max: max as number } : {}),
      };
    case 'string':
      return stringBounds(String(min), String(max), prefixLength);
    case 'none':
      return {};
  }
}

function integerValue(value: JsonLike): JsonLike {
  const big = BigInt(value as number);
  return big <= MAX_SAFE && big >= -MAX_SAFE ? Number(big) : new ExactNumber(big.toString());
}

function isoDate(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Delta keeps timestamp stats at millisecond precision: the min is floored and the max rounded up to the next
 * millisecond, so both stay true bounds for microsecond values (note §6).
 */
function timestampBounds(loUs: bigint, hiUs: bigint): { min: string; max: string } {
  const minMs = floorDiv(loUs, 1000n);
  const maxMs = -floorDiv(-hiUs, 1000n);
  return { min: new Date(Number(minMs)).toISOString(), max: new Date(Number(maxMs)).toISOString() };
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * Strings are cut to a prefix of whole code points. A cut min stays a lower bound; a cut max gets U+10FFFF
 * appended (as Spark does) so it sorts after every string sharing the prefix. (polars' own footer bounds are
 * already valid: a truncated max has its last character incremented.)
 */
function stringBounds(lo: string, hi: string, prefixLength: number): { min?: string; max?: string } {
  const min = Array.from(lo).slice(0, prefixLength).join('');
  const hiChars = Array.from(hi);
  if (hiChars.length <= prefixLength) return { min, max: hi };
  // A prefix ending in U+10FFFF cannot be padded above its continuations: leave max out.
  if (hiChars[prefixLength - 1] === '\u{10FFFF}') return { min };
  return { min, max: hiChars.slice(0, prefixLength).join('') + '\u{10FFFF}' };
}

function setNested(target: Record<string, JsonLike>, path: readonly string[], value: JsonLike): void {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    const existing = node[key];
    if (
      existing === undefined ||
      existing === null ||
      typeof existing !== 'object' ||
      Array.isArray(existing)
    ) {
      node[key] = {};
    }
    node = node[key] as Record<string, JsonLike>;
  });
  node[path[path.length - 1] as string] = value;
}
