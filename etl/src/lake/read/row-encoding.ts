// Rows as JSON values, by the documented encoding (docs/delta-engine.md "Row encoding"): exact for every Delta
// type. Polars first casts each column to a "wire" type JS can receive without loss (numbers, decimals, dates and
// timestamps as text, binary as byte lists) and serialises the rows as JSON lines itself (nodejs-polars cannot hand
// nested structs to JS), then each value is encoded by its Delta type.
import pl, { type DataFrame, type DataType as PolarsType } from 'nodejs-polars';
import type { DataType, StructType } from '../protocol/schema';

/** A JSON value whose numbers may be raw digit strings (exact longs): see RawNumber. */
export type EncodedValue =
  null | boolean | string | RawNumber | EncodedValue[] | { [key: string]: EncodedValue };

/** A JSON number kept as its exact digits (longs beyond 2^53 must not pass through a JS number). */
export class RawNumber {
  constructor(readonly digits: string) {}
}

/** The dtype a column is cast to before it crosses into JS. */
function wireType(type: DataType): PolarsType | undefined {
  switch (type.kind) {
    case 'decimal':
      return pl.Utf8;
    case 'array': {
      const inner = wireType(type.elementType);
      return inner === undefined ? undefined : pl.List(inner);
    }
    case 'map': {
      const key = wireType(type.keyType);
      const value = wireType(type.valueType);
      return key === undefined || value === undefined ? undefined : pl.List(pl.Struct({ key, value }));
    }
    case 'struct': {
      const fields: Record<string, PolarsType> = {};
      for (const f of type.fields) {
        const t = wireType(f.type);
        if (t === undefined) return undefined;
        fields[f.name] = t;
      }
      return pl.Struct(fields);
    }
    case 'primitive':
      switch (type.name) {
        case 'long':
        case 'integer':
        case 'short':
        case 'byte':
        case 'date':
        case 'timestamp':
        case 'timestamp_ntz':
          return pl.Utf8;
        case 'binary':
          return pl.List(pl.UInt8);
        case 'float':
        case 'double':
          return pl.Utf8; // polars prints the shortest round-trip text, and NaN/inf survive
        case 'boolean':
          return pl.Bool;
        case 'string':
          return pl.Utf8;
        case 'void':
          return pl.Null;
        case 'variant':
          return undefined;
      }
  }
}

/** Casts every column of a frame of this schema to its wire type. */
export function toWireFrame(df: DataFrame, schema: StructType): DataFrame {
  return df.select(
    ...schema.fields
      .filter((f) => df.columns.includes(f.name))
      .map((f) => {
        const t = wireType(f.type);
        return t === undefined ? pl.col(f.name) : pl.col(f.name).cast(t).alias(f.name);
      }),
  );
}

/** `1970-01-01 00:00:00.000000+00:00` (polars text) → `1970-01-01T00:00:00.000000Z`. */
function isoTimestamp(text: string, utc: boolean): string {
  const m = /^(\d{4,}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?/.exec(text);
  if (!m) return text;
  const micros = ((m[3] ?? '') + '000000').slice(0, 6);
  return `${m[1]}T${m[2]}.${micros}${utc ? 'Z' : ''}`;
}

/** Encodes one wire value of a Delta type. */
export function encodeValue(value: unknown, type: DataType): EncodedValue {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'decimal':
      return String(value);
    case 'array':
      return (value as unknown[]).map((v) => encodeValue(v, type.elementType));
    case 'map': {
      const out: { [key: string]: EncodedValue } = {};
      for (const entry of value as { key: unknown; value: unknown }[]) {
        const key = encodeValue(entry.key, type.keyType);
        out[key instanceof RawNumber ? key.digits : typeof key === 'string' ? key : JSON.stringify(key)] =
          encodeValue(entry.value, type.valueType);
      }
      return out;
    }
    case 'struct': {
      const out: { [key: string]: EncodedValue } = {};
      const record = value as Record<string, unknown>;
      for (const f of type.fields) out[f.name] = encodeValue(record[f.name], f.type);
      return out;
    }
    case 'primitive':
      switch (type.name) {
        case 'long':
        case 'integer':
        case 'short':
        case 'byte':
          return new RawNumber(String(value));
        case 'float':
        case 'double': {
          const text = String(value);
          if (text === 'NaN') return 'NaN';
          if (text === 'inf') return 'Infinity';
          if (text === '-inf') return '-Infinity';
          return new RawNumber(text);
        }
        case 'timestamp':
          return isoTimestamp(String(value), true);
        case 'timestamp_ntz':
          return isoTimestamp(String(value), false);
        case 'binary':
          return Buffer.from(value as number[]).toString('base64');
        case 'boolean':
          return value as boolean;
        default:
          return String(value);
      }
  }
}

/** JSON text of an encoded value, raw numbers written as their digits. */
export function stringifyEncoded(value: EncodedValue): string {
  if (value === null) return 'null';
  if (value instanceof RawNumber) return value.digits;
  if (Array.isArray(value)) return `[${value.map(stringifyEncoded).join(',')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${stringifyEncoded(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Encodes each row of a frame of this schema as an object keyed by column name. */
export function* encodeRows(
  df: DataFrame,
  schema: StructType,
): Generator<{ [column: string]: EncodedValue }> {
  const fields = schema.fields.filter((f) => df.columns.includes(f.name));
  if (df.height === 0) return;
  const lines = toWireFrame(df, schema).writeJSON({ format: 'lines' }).toString('utf8').split('\n');
  for (const line of lines) {
    if (line === '') continue;
    const row = JSON.parse(line) as Record<string, unknown>;
    const out: { [column: string]: EncodedValue } = {};
    for (const f of fields) out[f.name] = encodeValue(row[f.name], f.type);
    yield out;
  }
}
