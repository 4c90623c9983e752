// Row predicates: a small typed AST evaluated three ways (docs/delta-engine.md "Predicates"): exactly on a file's
// partition values, as "may match" on its stats (min/max/nullCount), and as a polars expression for row filtering.
// SQL semantics: a comparison with NULL is not true, so it never matches.
import pl, { type DataType as PolarsType } from 'nodejs-polars';
import { LakeError } from '../errors';
import { type StructType, findField } from '../protocol/schema';
import {
  type ScalarType,
  type TypedValue,
  asScalarType,
  compareTyped,
  formatDecimal,
  parseTypedText,
  typeStatsValue,
} from '../protocol/values';
import { type FileStats, nullCountOf } from '../protocol/stats';

export type Scalar = string | number | bigint | boolean | Date | Uint8Array;
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Predicate =
  | { readonly and: readonly Predicate[] }
  | { readonly or: readonly Predicate[] }
  | { readonly column: string; readonly op: ComparisonOp; readonly value: Scalar }
  | { readonly column: string; readonly op: 'in'; readonly values: readonly Scalar[] }
  | { readonly column: string; readonly op: 'is-null' | 'is-not-null' };

/** A predicate that cannot be applied to this table: unknown column, nested column, literal of the wrong type. */
export class InvalidPredicateError extends LakeError {
  readonly code = 'INVALID_PREDICATE';
  constructor(
    readonly table: string,
    detail: string,
  ) {
    super(`${table}: invalid filter: ${detail}`);
  }
}

/** A predicate checked against a schema once, with literals typed by their column. */
export type BoundPredicate =
  | { readonly kind: 'and' | 'or'; readonly children: readonly BoundPredicate[] }
  | {
      readonly kind: 'compare';
      readonly column: string;
      readonly type: ScalarType;
      readonly op: ComparisonOp;
      readonly value: TypedValue;
    }
  | {
      readonly kind: 'in';
      readonly column: string;
      readonly type: ScalarType;
      readonly values: readonly TypedValue[];
    }
  | { readonly kind: 'null'; readonly column: string; readonly isNull: boolean };

const COMPARISON_OPS: readonly string[] = ['=', '!=', '<', '<=', '>', '>='];

/** Checks columns and literal types against the schema; literals become typed values of their column's type. */
export function bindPredicate(predicate: Predicate, schema: StructType, table: string): BoundPredicate {
  if ('and' in predicate)
    return { kind: 'and', children: predicate.and.map((p) => bindPredicate(p, schema, table)) };
  if ('or' in predicate)
    return { kind: 'or', children: predicate.or.map((p) => bindPredicate(p, schema, table)) };
  const field = findField(schema, predicate.column);
  if (field === undefined) {
    throw new InvalidPredicateError(
      table,
      `no column "${predicate.column}"; columns: ${schema.fields.map((f) => f.name).join(', ')}`,
    );
  }
  if (predicate.op === 'is-null' || predicate.op === 'is-not-null') {
    return { kind: 'null', column: field.name, isNull: predicate.op === 'is-null' };
  }
  const type = asScalarType(field.type);
  if (type === undefined) {
    throw new InvalidPredicateError(
      table,
      `column "${field.name}" cannot be compared (only primitive types can)`,
    );
  }
  const typed = (value: Scalar): TypedValue => {
    const result = typeScalar(value, type);
    if (result === undefined) {
      throw new InvalidPredicateError(
        table,
        `${JSON.stringify(typeof value === 'bigint' ? value.toString() : value)} is not a valid ${describe(type)} for column "${field.name}"`,
      );
    }
    return result;
  };
  if (predicate.op === 'in')
    return { kind: 'in', column: field.name, type, values: predicate.values.map(typed) };
  if (!COMPARISON_OPS.includes(predicate.op)) {
    throw new InvalidPredicateError(table, `unknown operator "${String(predicate.op)}"`);
  }
  const { op, value } = predicate as { op: ComparisonOp; value: Scalar };
  return { kind: 'compare', column: field.name, type, op, value: typed(value) };
}

function describe(type: ScalarType): string {
  return type.kind === 'decimal' ? `decimal(${type.precision},${type.scale})` : type.name;
}

/** Types a user literal: strings go through the text parser of the type; numbers, bigints, Dates as fitting. */
function typeScalar(value: Scalar, type: ScalarType): TypedValue | undefined {
  if (value instanceof Uint8Array)
    return type.kind === 'primitive' && type.name === 'binary' ? value : undefined;
  if (typeof value === 'string') return parseTypedText(value, type);
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms) || type.kind !== 'primitive') return undefined;
    if (type.name === 'timestamp' || type.name === 'timestamp_ntz') return BigInt(ms) * 1000n;
    if (type.name === 'date') return parseTypedText(value.toISOString().slice(0, 10), type);
    return undefined;
  }
  if (typeof value === 'number' && type.kind === 'decimal') return parseTypedText(String(value), type);
  if (
    typeof value === 'number' &&
    type.kind === 'primitive' &&
    (type.name === 'float' || type.name === 'double')
  ) {
    return value;
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    if (type.kind === 'primitive' && ['byte', 'short', 'integer', 'long'].includes(type.name)) {
      return typeof value === 'number' && !Number.isSafeInteger(value)
        ? undefined
        : parseTypedText(String(value), type);
    }
    if (type.kind === 'decimal') return parseTypedText(value.toString(), type);
    return undefined;
  }
  if (typeof value === 'boolean')
    return type.kind === 'primitive' && type.name === 'boolean' ? value : undefined;
  return undefined;
}

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

/** The polars literal of a typed value, with the column's dtype. */
export function typedLiteral(value: TypedValue | null, type: ScalarType): pl.Expr {
  if (type.kind === 'decimal') {
    const lit = value === null ? pl.lit(null) : pl.lit(formatDecimal(value as bigint, type.scale));
    return lit.cast(pl.Decimal(type.precision, type.scale));
  }
  if (type.name === 'binary') {
    // nodejs-polars cannot name the Binary dtype, but decoding hex text yields one.
    const hex =
      value === null ? pl.lit(null).cast(pl.Utf8) : pl.lit(Buffer.from(value as Uint8Array).toString('hex'));
    return hex.str.decode('hex');
  }
  if (value === null) return pl.lit(null).cast(scalarDtype(type));
  switch (type.name) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      return pl
        .lit((value as bigint).toString())
        .cast(pl.Int64)
        .cast(scalarDtype(type));
    case 'date':
      return pl
        .lit(value as number)
        .cast(pl.Int32)
        .cast(pl.Date);
    case 'timestamp':
    case 'timestamp_ntz':
      return pl
        .lit((value as bigint).toString())
        .cast(pl.Int64)
        .cast(scalarDtype(type));
    case 'float':
    case 'double':
      return pl.lit(value as number).cast(scalarDtype(type));
    default:
      return pl.lit(value as string | boolean);
  }
}

export function scalarDtype(type: ScalarType): PolarsType {
  if (type.kind === 'decimal') return pl.Decimal(type.precision, type.scale);
  switch (type.name) {
    case 'string':
      return pl.Utf8;
    case 'byte':
      return pl.Int8;
    case 'short':
      return pl.Int16;
    case 'integer':
      return pl.Int32;
    case 'long':
      return pl.Int64;
    case 'float':
      return pl.Float32;
    case 'double':
      return pl.Float64;
    case 'boolean':
      return pl.Bool;
    case 'date':
      return pl.Date;
    case 'timestamp':
      return pl.Datetime('us', 'UTC');
    case 'timestamp_ntz':
      return pl.Datetime('us');
    case 'binary':
      throw new TypeError('nodejs-polars has no Binary dtype constructor');
  }
}

/** The predicate as a polars boolean expression over the scanned (typed) columns. */
export function toPolarsExpr(predicate: BoundPredicate): pl.Expr {
  switch (predicate.kind) {
    case 'and':
      return predicate.children.map(toPolarsExpr).reduce((a, b) => a.and(b), pl.lit(true));
    case 'or':
      return predicate.children.map(toPolarsExpr).reduce((a, b) => a.or(b), pl.lit(false));
    case 'null':
      return predicate.isNull ? pl.col(predicate.column).isNull() : pl.col(predicate.column).isNotNull();
    case 'in':
      return predicate.values
        .map((v) => pl.col(predicate.column).eq(typedLiteral(v, predicate.type)))
        .reduce((a, b) => a.or(b), pl.lit(false))
        .fillNull(false);
    case 'compare': {
      const col = pl.col(predicate.column);
      const lit = typedLiteral(predicate.value, predicate.type);
      const expr =
        predicate.op === '='
          ? col.eq(lit)
          : predicate.op === '!='
            ? col.neq(lit)
            : predicate.op === '<'
              ? col.lt(lit)
              : predicate.op === '<='
                ? col.lessThanEquals(lit)
                : predicate.op === '>'
                  ? col.gt(lit)
                  : col.greaterThanEquals(lit);
      return expr.fillNull(false);
    }
  }
}
