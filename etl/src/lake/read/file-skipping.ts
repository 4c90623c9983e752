// File skipping: whether any row of a data file may match a bound predicate, decided exactly on its partition values
// and conservatively ("may match") on its stats (PROTOCOL.md "Per-file Statistics", notes §6). Only files that
// provably hold no matching row are dropped.
import type { StructType } from '../protocol/schema';
import { type FileStats, nullCountOf } from '../protocol/stats';
import { type TypedValue, compareTyped, typeStatsValue } from '../protocol/values';
import type { BoundPredicate, ComparisonOp } from './predicate';

function compareOp(op: ComparisonOp, cmp: number): boolean {
  switch (op) {
    case '=':
      return cmp === 0;
    case '!=':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
  }
}

/** What a file tells us about its rows: exact partition values, and stats for data columns. */
export interface FileFacts {
  readonly partitionValues: ReadonlyMap<string, TypedValue | null>;
  readonly stats?: FileStats;
  readonly schema: StructType;
}

/**
 * False only when no row of the file can match. Partition columns are decided exactly; data columns by stats
 * bounds (timestamps are ms-truncated, so max is widened by 999 µs; string bounds may be prefixes, which keeps
 * them valid lower/upper bounds as long as max carries Spark's tie-breaker).
 */
export function fileMayMatch(predicate: BoundPredicate, facts: FileFacts): boolean {
  switch (predicate.kind) {
    case 'and':
      return predicate.children.every((c) => fileMayMatch(c, facts));
    case 'or':
      return predicate.children.some((c) => fileMayMatch(c, facts));
    default:
      break;
  }
  if (facts.partitionValues.has(predicate.column)) {
    return partitionMatches(predicate, facts.partitionValues.get(predicate.column) ?? null);
  }
  return facts.stats === undefined ? true : statsMayMatch(predicate, facts.stats);
}

function partitionMatches(
  predicate: Exclude<BoundPredicate, { kind: 'and' | 'or' }>,
  value: TypedValue | null,
): boolean {
  switch (predicate.kind) {
    case 'null':
      return (value === null) === predicate.isNull;
    case 'compare':
      return value !== null && compareOp(predicate.op, compareTyped(value, predicate.value));
    case 'in':
      return value !== null && predicate.values.some((v) => compareTyped(value, v) === 0);
  }
}

function statsMayMatch(
  predicate: Exclude<BoundPredicate, { kind: 'and' | 'or' }>,
  stats: FileStats,
): boolean {
  const nulls = nullCountOf(stats, predicate.column);
  const rows = stats.numRecords;
  const allNull = nulls !== undefined && rows !== undefined && nulls === rows;
  if (predicate.kind === 'null') {
    if (predicate.isNull) return nulls === undefined || nulls > 0;
    return !allNull;
  }
  if (allNull) return false; // every value is NULL: no comparison is true
  if (!stats.tightBounds) return true;
  const min = typeStatsValue(stats.minValues[predicate.column], predicate.type);
  let max = typeStatsValue(stats.maxValues[predicate.column], predicate.type);
  if (
    typeof max === 'bigint' &&
    predicate.type.kind === 'primitive' &&
    predicate.type.name.startsWith('timestamp')
  ) {
    max += 999n; // stats hold milliseconds; the true max may be up to 999 µs later
  }
  const inRange = (v: TypedValue): boolean =>
    (min === undefined || compareTyped(v, min) >= 0) && (max === undefined || compareTyped(v, max) <= 0);
  if (predicate.kind === 'in') return predicate.values.some(inRange);
  const v = predicate.value;
  switch (predicate.op) {
    case '=':
      return inRange(v);
    case '!=': {
      // Skippable only when every non-null value equals v; string bounds may be truncated prefixes, so never then.
      const isString = predicate.type.kind === 'primitive' && predicate.type.name === 'string';
      if (isString || min === undefined || max === undefined) return true;
      return compareTyped(min, v) !== 0 || compareTyped(max, v) !== 0;
    }
    case '<':
      return min === undefined || compareTyped(min, v) < 0;
    case '<=':
      return min === undefined || compareTyped(min, v) <= 0;
    case '>':
      return max === undefined || compareTyped(max, v) > 0;
    case '>=':
      return max === undefined || compareTyped(max, v) >= 0;
  }
}
