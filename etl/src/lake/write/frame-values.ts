// A polars frame's columns as the JS values hyparquet-writer takes, exactly: nodejs-polars cannot hand Binary,
// nested structs or int64 beyond 2^53 to JS directly, so each column is first cast to a "wire" type (timestamps
// to their µs integer, binary to byte lists, then every number that JSON or a JS double could bend to text) and
// the frame crosses as JSON lines; each value is then rebuilt by its Delta type (bigint longs and timestamps,
// unscaled bigint decimals, Uint8Array binary, {key, value} entries for maps).
import pl, { type DataType as PolarsType } from 'nodejs-polars';
import { toPolarsType, type DataType, type StructType } from '../protocol/schema';

type Value = null | boolean | number | bigint | string | Uint8Array | Value[] | { [key: string]: Value };

/** One array of values per schema field, in schema order, plus the struct paths of float leaves holding NaN. */
export interface FrameValues {
  readonly columns: Value[][];
  /** Leaf paths (through structs only) of float columns holding NaN: their Parquet bounds ignore NaN. */
  readonly nanLeaves: ReadonlySet<string>;
}

/** Step 1: the frame's own types, with timestamps as µs integers, dates as day numbers, binary as byte lists. */
export function numericType(type: DataType): PolarsType {
  return mapLeaves(type, (name) => {
    switch (name) {
      case 'timestamp':
        return pl.Int64;
      case 'date':
        return pl.Int32;
      case 'binary':
        return pl.List(pl.UInt8);
      default:
        return undefined;
    }
  });
}

/** Step 2: every value JSON or a JS double would bend (int64, floats with NaN, decimals) as text. */
function wireType(type: DataType): PolarsType {
  return mapLeaves(type, (name) => {
    switch (name) {
      case 'long':
      case 'timestamp':
      case 'float':
      case 'double':
      case 'decimal':
        return pl.Utf8;
      case 'binary':
        return pl.List(pl.UInt8);
      case 'date':
        return pl.Int32;
      default:
        return undefined;
    }
  });
}

/** The polars type of a Delta type, with `leaf` choosing the type of some primitives (by name). */
function mapLeaves(type: DataType, leaf: (name: string) => PolarsType | undefined): PolarsType {
  switch (type.kind) {
    case 'decimal':
      return leaf('decimal') ?? pl.Decimal(type.precision, type.scale);
    case 'array':
      return pl.List(mapLeaves(type.elementType, leaf));
    case 'map':
      return pl.List(
        pl.Struct({ key: mapLeaves(type.keyType, leaf), value: mapLeaves(type.valueType, leaf) }),
      );
    case 'struct': {
      const fields: Record<string, PolarsType> = {};
      for (const f of type.fields) fields[f.name] = mapLeaves(f.type, leaf);
      return pl.Struct(fields);
    }
    case 'primitive': {
      const chosen = leaf(type.name) ?? toPolarsType(type);
      if (chosen === undefined) throw new TypeError(`no wire type for Delta type ${type.name}`);
      return chosen;
    }
  }
}

/** The values of `df` (already cast to `schema`, same columns in the same order). */
export function frameValues(df: pl.DataFrame, schema: StructType): FrameValues {
  const columns: Value[][] = schema.fields.map(() => []);
  const nanLeaves = new Set<string>();
  if (df.height === 0) return { columns, nanLeaves };
  const wire = df.select(
    ...schema.fields.map((f) =>
      pl.col(f.name).cast(numericType(f.type), true).cast(wireType(f.type), true).alias(f.name),
    ),
  );
  const text = wire.writeJSON({ format: 'lines' }).toString('utf8');
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const row = JSON.parse(line) as Record<string, unknown>;
    schema.fields.forEach((f, i) => {
      columns[i]!.push(toValue(row[f.name], f.type, [f.name], nanLeaves));
    });
  }
  return { columns, nanLeaves };
}

/** Rebuilds one wire value; `path` is the leaf path through structs (undefined inside arrays and maps). */
function toValue(
  wire: unknown,
  type: DataType,
  path: readonly string[] | undefined,
  nanLeaves: Set<string>,
): Value {
  if (wire === null || wire === undefined) return null;
  switch (type.kind) {
    case 'decimal':
      return unscaled(String(wire), type.scale);
    case 'array':
      return (wire as unknown[]).map((v) => toValue(v, type.elementType, undefined, nanLeaves));
    case 'map':
      return (wire as { key: unknown; value: unknown }[]).map((entry) => ({
        key: toValue(entry.key, type.keyType, undefined, nanLeaves),
        value: toValue(entry.value, type.valueType, undefined, nanLeaves),
      }));
    case 'struct': {
      const record = wire as Record<string, unknown>;
      const out: { [key: string]: Value } = {};
      for (const f of type.fields) {
        out[f.name] = toValue(record[f.name], f.type, path && [...path, f.name], nanLeaves);
      }
      return out;
    }
    case 'primitive':
      switch (type.name) {
        case 'long':
        case 'timestamp':
          return BigInt(String(wire));
        case 'float':
        case 'double': {
          const number = parseFloatText(String(wire));
          if (Number.isNaN(number) && path !== undefined) nanLeaves.add(path.join('\u0000'));
          return type.name === 'float' ? Math.fround(number) : number;
        }
        case 'binary':
          return Uint8Array.from(wire as number[]);
        default:
          return wire as Value;
      }
  }
}

/** polars' float text (`1.5`, `1e20`, `NaN`, `inf`, `-inf`) as a number. */
function parseFloatText(text: string): number {
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  return Number(text);
}

/** `-12.5` at scale 3 → -12500n: the unscaled integer Parquet stores. */
function unscaled(text: string, scale: number): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  if (fraction.length > scale) throw new RangeError(`decimal ${text} has more than ${scale} fraction digits`);
  const digits = BigInt(whole + fraction.padEnd(scale, '0'));
  return negative ? -digits : digits;
}
