// Row predicates: a small typed AST evaluated three ways (docs/delta-engine.md "Predicates"): exactly on a file's
// partition values, as "may match" on its stats (min/max/nullCount), and as a polars expression for row filtering.
// SQL semantics: a comparison with NULL is not true, so it never matches.
import { LakeError } from '../errors';
import { type StructType, findField } from '../protocol/schema';
import { type ScalarType, type TypedValue, asScalarType, parseTypedText } from '../protocol/values';

// The other two evaluations live beside this file; callers import all three from here.
export { type FileFacts, fileMayMatch } from './file-skipping';
export { scalarDtype, toPolarsExpr, typedLiteral } from './predicate-polars';

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
