// Per-file statistics for `add.stats` (PROTOCOL.md "Per-file Statistics"), computed with one polars aggregation
// over the frame about to be written. The frame is already cast to the table schema, so polars dtypes map one to
// one onto Delta types. Bounds must be true bounds: a wrong min/max makes readers skip files that hold matches.
import pl, { type DataType } from 'nodejs-polars';
import { ExactNumber, type JsonLike, stringifyJson } from './json-text';

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
  readonly expr: pl.Expr;
  readonly kind: BoundKind;
  /** Microseconds per unit of a Datetime column (ns → 0.001). */
  readonly usPerUnit: number;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const UNIT_TO_US: Record<string, number> = { us: 1, ms: 1000, ns: 0.001 };

/** The `add.stats` JSON string for `df` (partition columns must already be dropped). */
export function collectStats(df: pl.DataFrame, options: StatsOptions = DEFAULT_STATS_OPTIONS): string {
  const leaves = indexedLeaves(df, options.numIndexedCols);
  const minValues: Record<string, JsonLike> = {};
  const maxValues: Record<string, JsonLike> = {};
  const nullCount: Record<string, JsonLike> = {};
  if (leaves.length > 0 && df.height > 0) {
    const row = df.select(...leaves.flatMap((leaf, index) => aggregations(leaf, index))).toRecords()[0] ?? {};
    leaves.forEach((leaf, index) => {
      setNested(nullCount, leaf.path, Number(row[`n${index}`]));
      const bounds = toBounds(leaf, row, index, options.stringPrefixLength);
      if (bounds.min !== undefined) setNested(minValues, leaf.path, bounds.min);
      if (bounds.max !== undefined) setNested(maxValues, leaf.path, bounds.max);
    });
  } else if (df.height === 0) {
    for (const leaf of leaves) setNested(nullCount, leaf.path, 0);
  }
  return stringifyJson({ numRecords: df.height, minValues, maxValues, nullCount });
}

function indexedLeaves(df: pl.DataFrame, limit: number): Leaf[] {
  const leaves: Leaf[] = [];
  const visit = (path: string[], expr: pl.Expr, dtype: DataType): void => {
    if (limit >= 0 && leaves.length >= limit) return;
    if (dtype.variant === 'Struct') {
      for (const field of (dtype as pl.Struct).inner) {
        visit([...path, field.name], expr.struct.field(field.name), field.dtype);
      }
      return;
    }
    // Spark and delta-rs keep no stats for arrays and maps (note §6).
    if (dtype.variant === 'List' || dtype.variant === 'FixedSizeList') return;
    const unit = dtype.variant === 'Datetime' ? String((dtype as pl.Datetime).inner[0] ?? 'us') : 'us';
    leaves.push({ path, expr, kind: boundKind(dtype), usPerUnit: UNIT_TO_US[unit] ?? 1 });
  };
  for (const column of df.getColumns()) visit([column.name], pl.col(column.name), column.dtype);
  return leaves;
}

function boundKind(dtype: DataType): BoundKind {
  switch (dtype.variant) {
    case 'Int8':
    case 'Int16':
    case 'Int32':
    case 'Int64':
    case 'UInt8':
    case 'UInt16':
    case 'UInt32':
    case 'UInt64':
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

function aggregations(leaf: Leaf, index: number): pl.Expr[] {
  const { expr } = leaf;
  const out = [expr.nullCount().alias(`n${index}`)];
  switch (leaf.kind) {
    case 'integer':
    case 'date':
    case 'decimal':
      // Text keeps int64 and decimal values exact on their way out of polars.
      out.push(expr.min().cast(pl.Utf8).alias(`lo${index}`), expr.max().cast(pl.Utf8).alias(`hi${index}`));
      break;
    case 'timestamp':
      out.push(
        expr.cast(pl.Int64).min().cast(pl.Utf8).alias(`lo${index}`),
        expr.cast(pl.Int64).max().cast(pl.Utf8).alias(`hi${index}`),
      );
      break;
    case 'float':
      out.push(
        expr.min().alias(`lo${index}`),
        expr.max().alias(`hi${index}`),
        expr.isNan().any().alias(`nan${index}`),
      );
      break;
    case 'string':
      out.push(expr.min().alias(`lo${index}`), expr.max().alias(`hi${index}`));
      break;
    case 'none':
      break;
  }
  return out;
}

function toBounds(
  leaf: Leaf,
  row: Record<string, unknown>,
  index: number,
  prefixLength: number,
): { min?: JsonLike; max?: JsonLike } {
  const lo = row[`lo${index}`];
  const hi = row[`hi${index}`];
  if (lo === null || lo === undefined || hi === null || hi === undefined) return {};
  switch (leaf.kind) {
    case 'integer':
      return { min: integerValue(String(lo)), max: integerValue(String(hi)) };
    case 'decimal':
      return { min: new ExactNumber(String(lo)), max: new ExactNumber(String(hi)) };
    case 'date':
      return { min: String(lo), max: String(hi) };
    case 'timestamp':
      return timestampBounds(BigInt(String(lo)), BigInt(String(hi)), leaf.usPerUnit);
    case 'float':
      // NaN and infinities are not JSON numbers, and a NaN makes min/max meaningless (note §10 trap 6).
      if (row[`nan${index}`] === true) return {};
      return {
        ...(Number.isFinite(lo) ? { min: lo as number } : {}),
        ...(Number.isFinite(hi) ? { max: hi as number } : {}),
      };
    case 'string':
      return stringBounds(String(lo), String(hi), prefixLength);
    case 'none':
      return {};
  }
}

function integerValue(text: string): JsonLike {
  const value = BigInt(text);
  return value <= MAX_SAFE && value >= -MAX_SAFE ? Number(value) : new ExactNumber(text);
}

/**
 * Delta keeps timestamp stats at millisecond precision: the min is floored and the max rounded up to the next
 * millisecond, so both stay true bounds for microsecond values (note §6).
 */
function timestampBounds(lo: bigint, hi: bigint, usPerUnit: number): { min: string; max: string } {
  const toUs = (value: bigint): bigint =>
    usPerUnit >= 1 ? value * BigInt(usPerUnit) : floorDiv(value, BigInt(Math.round(1 / usPerUnit)));
  const minMs = floorDiv(toUs(lo), 1000n);
  const maxUs = toUs(hi) + (usPerUnit < 1 ? 1n : 0n);
  const maxMs = -floorDiv(-maxUs, 1000n);
  return { min: isoMillis(minMs), max: isoMillis(maxMs) };
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

function isoMillis(ms: bigint): string {
  return new Date(Number(ms)).toISOString();
}

/**
 * Strings are cut to a prefix of whole code points. A cut min stays a lower bound; a cut max gets U+10FFFF
 * appended (as Spark does) so it sorts after every string sharing the prefix. Polars orders strings by UTF-8
 * bytes, the order Delta readers use.
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
