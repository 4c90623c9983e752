// From polars frames to the table schema: infer a Delta StructType for a new table, merge new columns in
// (schemaMode 'merge'), and cast every frame to the table schema before it is written, so no file ever holds a
// type the schema does not declare (note §10 trap 8: Int32 vs Int64 across files breaks Spark).
import pl, { type DataType as PolarsType } from 'nodejs-polars';
import {
  type DataType,
  type StructField,
  type StructType,
  formatDataType,
  toPolarsType,
} from '../protocol/schema';
import { SchemaMismatchError } from './errors';
import { numericType } from './frame-values';
import { needsHyparquet } from './hyparquet-data-file';
import { unwritableReason } from './parquet-schema';

const long = { kind: 'primitive', name: 'long' } as const;

/** The Delta type of a polars dtype, or a reason it has none. */
export function deltaTypeOf(dtype: PolarsType): DataType | string {
  const primitive = (name: Extract<DataType, { kind: 'primitive' }>['name']): DataType => ({
    kind: 'primitive',
    name,
  });
  switch (dtype.variant) {
    case 'Int8':
      return primitive('byte');
    case 'Int16':
    case 'UInt8':
      return primitive('short');
    case 'Int32':
    case 'UInt16':
      return primitive('integer');
    case 'Int64':
    case 'UInt32':
      return long;
    case 'UInt64':
      return { kind: 'decimal', precision: 20, scale: 0 };
    case 'Float32':
      return primitive('float');
    case 'Float64':
      return primitive('double');
    case 'Bool':
      return primitive('boolean');
    case 'Utf8':
    case 'String':
    case 'Categorical':
      return primitive('string');
    case 'Date':
      return primitive('date');
    case 'Datetime':
      // Zone-less polars datetimes are taken as UTC: the engine writes instants only (docs/delta-engine.md).
      return primitive('timestamp');
    case 'Decimal': {
      const [precision, scale] = (dtype as pl.Decimal).inner;
      return { kind: 'decimal', precision: precision ?? 38, scale: scale ?? 0 };
    }
    case 'List': {
      const inner = deltaTypeOf((dtype as pl.List).inner[0] as PolarsType);
      return typeof inner === 'string' ? inner : { kind: 'array', elementType: inner, containsNull: true };
    }
    case 'Struct': {
      const fields: StructField[] = [];
      for (const field of (dtype as pl.Struct).inner) {
        const type = deltaTypeOf(field.dtype);
        if (typeof type === 'string') return `field ${field.name}: ${type}`;
        fields.push({ name: field.name, type, nullable: true, metadata: {} });
      }
      return { kind: 'struct', fields };
    }
    default:
      if (String(dtype).includes('Binary')) return primitive('binary');
      if (dtype.variant === 'Null')
        return 'it holds only nulls, so it has no type: cast it to the intended type';
      return `polars type ${String(dtype)} has no Delta equivalent`;
  }
}

/**
 * A frame column. nodejs-polars 0.25.2 cannot describe a Binary dtype to JS, even nested ("DataType Binary is not
 * supported for JS conversion"), so such a column has no `dtype`, only polars' own name for it (`binary`,
 * `struct[2]`, `list[binary]`) taken from its printed header.
 */
export type FrameColumn =
  | { readonly name: string; readonly dtype: PolarsType }
  | { readonly name: string; readonly dtype: undefined; readonly polarsName: string };

/** The frame's column names and dtypes, read once (one N-API call unless a column holds binary). */
export function frameColumns(df: pl.DataFrame): FrameColumn[] {
  try {
    const dtypes = df.dtypes;
    return df.columns.map((name, i) => ({ name, dtype: dtypes[i]! }));
  } catch {
    return df.columns.map((name) => describeColumn(df.getColumn(name)));
  }
}

function describeColumn(series: pl.Series): FrameColumn {
  try {
    return { name: series.name, dtype: series.dtype };
  } catch {
    const header = String(series).split('\n')[1] ?? '';
    return { name: series.name, dtype: undefined, polarsName: /' \[(.*)\]$/.exec(header)?.[1] ?? 'unknown' };
  }
}

/** The Delta type of a frame column, or a reason it has none. */
function deltaTypeOfColumn(column: FrameColumn): DataType | string {
  if (column.dtype !== undefined) return deltaTypeOf(column.dtype);
  if (column.polarsName === 'binary') return { kind: 'primitive', name: 'binary' };
  return `polars type ${column.polarsName} holds binary data below the top level; create the table with an explicit schema first`;
}

/** The schema of a new table: every column nullable, types inferred from the frame. */
export function inferSchema(df: pl.DataFrame, table: string): StructType {
  const problems: string[] = [];
  const fields: StructField[] = [];
  const columns = frameColumns(df);
  for (const column of columns) {
    const type = deltaTypeOfColumn(column);
    if (typeof type === 'string') problems.push(`column "${column.name}": ${type}`);
    else fields.push({ name: column.name, type, nullable: true, metadata: {} });
  }
  assertUniqueNames(
    columns.map((c) => c.name),
    problems,
  );
  if (problems.length > 0) throw new SchemaMismatchError(table, problems);
  return { kind: 'struct', fields };
}

/**
 * schemaMode 'merge': the table schema plus the frame's new top-level columns (nullable, appended at the end).
 * Type changes are refused: they need a rewrite (or the typeWidening feature, which writer 2 does not have).
 */
export function mergeSchema(current: StructType, df: pl.DataFrame, table: string): StructType {
  const problems: string[] = [];
  const byName = new Map(current.fields.map((f) => [f.name.toLowerCase(), f]));
  const added: StructField[] = [];
  for (const column of frameColumns(df)) {
    const existing = byName.get(column.name.toLowerCase());
    const type = deltaTypeOfColumn(column);
    if (existing !== undefined) continue; // compatibility is checked by castToSchema
    if (typeof type === 'string') problems.push(`new column "${column.name}": ${type}`);
    else added.push({ name: column.name, type, nullable: true, metadata: {} });
  }
  if (problems.length > 0) throw new SchemaMismatchError(table, problems);
  return added.length === 0 ? current : { kind: 'struct', fields: [...current.fields, ...added] };
}

/**
 * The frame with exactly the schema's columns, in schema order, cast to the schema's polars types. Missing
 * nullable columns become nulls; unknown columns, incompatible types and nulls in non-null columns are refused,
 * every problem listed at once.
 */
export function castToSchema(df: pl.DataFrame, schema: StructType, table: string): pl.DataFrame {
  const problems: string[] = [];
  // Column names and dtypes are read once: every polars call crosses N-API, and small commits feel it.
  const columns = frameColumns(df);
  const names = columns.map((c) => c.name);
  const byName = new Map(columns.map((c) => [c.name, c]));
  const known = new Set(schema.fields.map((f) => f.name));
  for (const name of names) {
    if (!known.has(name)) {
      const hint = schema.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
      problems.push(
        hint
          ? `column "${name}" differs from the table's "${hint.name}" only in case; rename it`
          : `column "${name}" is not in the table schema; pass schemaMode 'merge' to add it`,
      );
    }
  }
  if (needsHyparquet(schema)) {
    // The map/binary encoder writes only the types it can name (parquet-schema.ts).
    for (const field of schema.fields) {
      const reason = unwritableReason(field.type);
      if (reason !== undefined) problems.push(`column "${field.name}": ${reason}`);
    }
  }
  // Expressions are built only when something changes: each polars call has a fixed cost that adds up.
  const exprs: (() => pl.Expr)[] = [];
  let isAlready = names.length === schema.fields.length;
  schema.fields.forEach((field, index) => {
    const target = toPolarsType(field.type);
    const column = byName.get(field.name);
    if (column === undefined) {
      if (!field.nullable)
        problems.push(`column "${field.name}" is missing and the table declares it non-null`);
      exprs.push(() => (target ? pl.lit(null).cast(target) : pl.lit(null)).alias(field.name));
      isAlready = false;
      return;
    }
    const dtype = column.dtype;
    if (dtype === undefined) {
      // A column holding binary: polars cannot name its type, so it is checked by casting to what the
      // data-file encoder needs (frame-values.ts) and kept as it is.
      const issue = opaqueIssue(df, field.name, column.polarsName, field.type);
      if (issue !== undefined) problems.push(`column "${field.name}": ${issue}`);
      else exprs.push(() => pl.col(field.name));
      const nulls = field.nullable ? 0 : df.getColumn(field.name).nullCount();
      if (nulls > 0)
        problems.push(`column "${field.name}" holds ${nulls} null(s) but the table declares it non-null`);
      if (names[index] !== field.name) isAlready = false;
      return;
    }
    const matches = target !== undefined && isSameDtype(dtype, target);
    if (!matches) {
      const issue = castIssue(df.getColumn(field.name), field.type);
      if (issue !== undefined) {
        problems.push(`column "${field.name}": ${issue}`);
        return;
      }
    }
    if (!field.nullable) {
      const nulls = df.getColumn(field.name).nullCount();
      if (nulls > 0)
        problems.push(`column "${field.name}" holds ${nulls} null(s) but the table declares it non-null`);
    }
    if (matches && names[index] === field.name) {
      exprs.push(() => pl.col(field.name));
    } else {
      exprs.push(() => castExpr(pl.col(field.name), dtype, field.type, target).alias(field.name));
      isAlready = false;
    }
  });
  if (problems.length > 0) throw new SchemaMismatchError(table, problems);
  if (isAlready) return df;
  try {
    return df.select(...exprs.map((build) => build()));
  } catch (error) {
    // A strict cast failed (a map value out of an integer's range, …): polars names the column and value.
    throw new SchemaMismatchError(table, [(error as Error).message.split('\n')[0] ?? String(error)]);
  }
}

/** Why a column polars cannot describe (it holds Binary) cannot be written as `type`, or undefined. */
function opaqueIssue(df: pl.DataFrame, name: string, polarsName: string, type: DataType): string | undefined {
  if (type.kind === 'primitive' && type.name === 'binary') {
    return polarsName === 'binary'
      ? undefined
      : `has polars type ${polarsName} but the table declares binary`;
  }
  try {
    df.select(pl.col(name).cast(numericType(type), true)); // exactly what the encoder will do
    return undefined;
  } catch (error) {
    return `has polars type ${polarsName}, which cannot be written as ${formatDataType(type)} (${(error as Error).message.split('\n')[0]})`;
  }
}

function castExpr(expr: pl.Expr, from: PolarsType, to: DataType, target: PolarsType | undefined): pl.Expr {
  if (target === undefined) return expr; // holds binary: polars cannot name the type (checked by acceptsAs or opaqueIssue)
  if (from.variant === 'Datetime' && to.kind === 'primitive' && to.name === 'timestamp') {
    const zone = (from as pl.Datetime).inner[1];
    // A zone-less datetime is taken as UTC wall time; an aware one keeps its instant.
    return zone ? expr.cast(pl.Datetime('us', 'UTC')) : expr.dt.replaceTimeZone('UTC').cast(target);
  }
  return expr.cast(target, true);
}

/** Why `series` cannot be written as `type`, or undefined when it can (losslessly). */
function castIssue(series: pl.Series, type: DataType): string | undefined {
  const from = deltaTypeOf(series.dtype);
  if (series.dtype.variant === 'Null') return undefined;
  if (typeof from === 'string') return from;
  if (sameType(from, type) || isWidening(from, type) || acceptsAs(series.dtype, type)) return undefined;
  const mismatch = `has type ${formatDataType(from)} but the table declares ${formatDataType(type)}`;
  // JS numbers arrive as Float64: accept them for integer columns when every value is integral and in range.
  if (from.kind === 'primitive' && (from.name === 'double' || from.name === 'float') && isInteger(type)) {
    const values = series.dropNulls();
    const integral =
      values.len() === 0 || values.cast(pl.Float64).equals(values.cast(pl.Float64).floor()).all();
    return integral && fitsInteger(values, type)
      ? undefined
      : `${mismatch}, and holds non-integral or out-of-range values`;
  }
  return `${mismatch}; type changes need a rewrite of the table`;
}

/**
 * Whether a polars dtype holds values of a Delta type that has no polars type of its own: a map given as
 * List<Struct{key, value}> (how polars reads a Parquet MAP), binary given as List<UInt8> (how JS byte arrays
 * arrive), and containers of those. Leaves must match or widen.
 */
function acceptsAs(dtype: PolarsType, type: DataType): boolean {
  if (type.kind === 'primitive' && type.name === 'binary') return String(dtype) === String(pl.List(pl.UInt8));
  if (type.kind === 'map' || type.kind === 'array') {
    if (dtype.variant !== 'List') return false;
    const inner = (dtype as pl.List).inner[0] as PolarsType;
    if (type.kind === 'array') return acceptsAs(inner, type.elementType);
    if (inner.variant !== 'Struct') return false;
    const fields = (inner as pl.Struct).inner;
    return (
      fields.length === 2 &&
      fields[0]!.name === 'key' &&
      fields[1]!.name === 'value' &&
      acceptsAs(fields[0]!.dtype, type.keyType) &&
      acceptsAs(fields[1]!.dtype, type.valueType)
    );
  }
  if (type.kind === 'struct') {
    if (dtype.variant !== 'Struct') return false;
    const fields = (dtype as pl.Struct).inner;
    return (
      fields.length === type.fields.length &&
      fields.every((f, i) => f.name === type.fields[i]!.name && acceptsAs(f.dtype, type.fields[i]!.type))
    );
  }
  if (dtype.variant === 'Null') return true;
  const from = deltaTypeOf(dtype);
  if (typeof from === 'string') return false;
  // Values built from JS (mapSeries) arrive as Int64: narrower integers are cast strictly, so an
  // out-of-range value fails the write (castToSchema reports it) instead of wrapping.
  const isJsInteger = from.kind === 'primitive' && from.name === 'long' && isInteger(type);
  return sameType(from, type) || isWidening(from, type) || isJsInteger;
}

const INTEGER_RANGE: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  long: [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function isInteger(type: DataType): type is Extract<DataType, { kind: 'primitive' }> {
  return type.kind === 'primitive' && type.name in INTEGER_RANGE;
}

function fitsInteger(values: pl.Series, type: DataType): boolean {
  if (values.len() === 0 || type.kind !== 'primitive') return true;
  const [lo, hi] = INTEGER_RANGE[type.name] ?? [0, 0];
  return Number(values.min()) >= lo && Number(values.max()) <= hi;
}

const WIDENINGS: Record<string, readonly string[]> = {
  byte: ['short', 'integer', 'long', 'float', 'double'],
  short: ['integer', 'long', 'float', 'double'],
  integer: ['long', 'double'],
  long: [],
  float: ['double'],
};

function isWidening(from: DataType, to: DataType): boolean {
  if (from.kind === 'primitive' && to.kind === 'primitive') {
    return WIDENINGS[from.name]?.includes(to.name) ?? false;
  }
  if (from.kind === 'decimal' && to.kind === 'decimal') {
    return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale;
  }
  if (from.kind === 'primitive' && to.kind === 'decimal' && from.name in INTEGER_DIGITS) {
    return to.precision - to.scale >= (INTEGER_DIGITS[from.name] ?? 99);
  }
  return false;
}

const INTEGER_DIGITS: Record<string, number> = { byte: 3, short: 5, integer: 10, long: 19 };

/** Structural equality ignoring nullability and metadata (the frame's inferred types are all nullable). */
export function sameType(a: DataType, b: DataType): boolean {
  switch (a.kind) {
    case 'primitive':
      return b.kind === 'primitive' && a.name === b.name;
    case 'decimal':
      return b.kind === 'decimal' && a.precision === b.precision && a.scale === b.scale;
    case 'array':
      return b.kind === 'array' && sameType(a.elementType, b.elementType);
    case 'map':
      return b.kind === 'map' && sameType(a.keyType, b.keyType) && sameType(a.valueType, b.valueType);
    case 'struct':
      return (
        b.kind === 'struct' &&
        a.fields.length === b.fields.length &&
        a.fields.every((f, i) => f.name === b.fields[i]?.name && sameType(f.type, b.fields[i]!.type))
      );
  }
}

function assertUniqueNames(names: readonly string[], problems: string[]): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const previous = seen.get(name.toLowerCase());
    if (previous !== undefined) problems.push(`columns "${previous}" and "${name}" differ only in case`);
    seen.set(name.toLowerCase(), name);
  }
}

/**
 * Whether two polars dtypes are the same type. nodejs-polars names text both `Utf8` and `String` (a frame's text
 * columns print `String`, `pl.Utf8` prints `Utf8`) and its `equals` tells them apart, so compare printed forms
 * with the alias folded; otherwise every text column would be re-cast on every append.
 */
export function isSameDtype(a: PolarsType, b: PolarsType): boolean {
  const canonical = (dtype: PolarsType): string => String(dtype).replace(/\bUtf8\b/g, 'String');
  return canonical(a) === canonical(b);
}
