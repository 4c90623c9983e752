// Bound predicates as polars expressions, and typed values as polars literals of their column's dtype (also used
// for partition columns in scans).
import pl, { type DataType as PolarsType } from 'nodejs-polars';
import { type ScalarType, type TypedValue, formatDecimal } from '../protocol/values';
import type { BoundPredicate } from './predicate';

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
