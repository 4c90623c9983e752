// The table schema (PROTOCOL.md "Schema Serialization Format"): Spark's StructType JSON in metaData.schemaString,
// parsed into a closed union so every consumer handles every type, plus its mapping to polars dtypes.
import pl, { type DataType as PolarsType } from 'nodejs-polars';
import { CorruptLogError } from '../errors';

export const PRIMITIVE_TYPES = [
  'string',
  'long',
  'integer',
  'short',
  'byte',
  'float',
  'double',
  'boolean',
  'binary',
  'date',
  'timestamp',
  'timestamp_ntz',
  'void',
  'variant',
] as const;
export type PrimitiveTypeName = (typeof PRIMITIVE_TYPES)[number];

export interface PrimitiveType {
  readonly kind: 'primitive';
  readonly name: PrimitiveTypeName;
}
export interface DecimalType {
  readonly kind: 'decimal';
  readonly precision: number;
  readonly scale: number;
}
export interface ArrayType {
  readonly kind: 'array';
  readonly elementType: DataType;
  readonly containsNull: boolean;
}
export interface MapType {
  readonly kind: 'map';
  readonly keyType: DataType;
  readonly valueType: DataType;
  readonly valueContainsNull: boolean;
}
export interface StructField {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
}
export interface StructType {
  readonly kind: 'struct';
  readonly fields: readonly StructField[];
}
export type DataType = PrimitiveType | DecimalType | ArrayType | MapType | StructType;

const DECIMAL = /^decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)$/;

/** Parses `metaData.schemaString`; the error names the offending field path. */
export function parseSchemaString(schemaString: string, table: string): StructType {
  let json: unknown;
  try {
    json = JSON.parse(schemaString);
  } catch (error) {
    throw new CorruptLogError(table, `metaData.schemaString is not valid JSON (${(error as Error).message})`);
  }
  const type = parseType(json, 'schema', table);
  if (type.kind !== 'struct') throw new CorruptLogError(table, 'metaData.schemaString must be a struct type');
  const seen = new Set<string>();
  for (const field of type.fields) {
    const key = field.name.toLowerCase();
    if (seen.has(key)) {
      throw new CorruptLogError(
        table,
        `schema has column "${field.name}" twice (names are case-insensitive)`,
      );
    }
    seen.add(key);
  }
  return type;
}

function parseType(json: unknown, where: string, table: string): DataType {
  const fail = (expected: string): never => {
    throw new CorruptLogError(
      table,
      `schemaString ${where}: expected ${expected}, found ${JSON.stringify(json)}`,
    );
  };
  if (typeof json === 'string') {
    if ((PRIMITIVE_TYPES as readonly string[]).includes(json)) {
      return { kind: 'primitive', name: json as PrimitiveTypeName };
    }
    if (json === 'decimal') return { kind: 'decimal', precision: 10, scale: 0 }; // Spark's default
    const match = DECIMAL.exec(json);
    if (match) {
      const precision = Number(match[1]);
      const scale = Number(match[2]);
      if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
        fail('decimal(p,s) with 1 ≤ p ≤ 38 and 0 ≤ s ≤ p');
      }
      return { kind: 'decimal', precision, scale };
    }
    return fail(`a primitive type (${PRIMITIVE_TYPES.join(', ')}, decimal(p,s))`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('a type');
  const o = json as Record<string, unknown>;
  switch (o.type) {
    case 'struct': {
      if (!Array.isArray(o.fields)) return fail('"fields" to be a list');
      const fields = (o.fields as unknown[]).map((f, i) => parseField(f, `${where}.fields[${i}]`, table));
      return { kind: 'struct', fields };
    }
    case 'array':
      return {
        kind: 'array',
        elementType: parseType(o.elementType, `${where}.elementType`, table),
        containsNull: o.containsNull !== false,
      };
    case 'map':
      return {
        kind: 'map',
        keyType: parseType(o.keyType, `${where}.keyType`, table),
        valueType: parseType(o.valueType, `${where}.valueType`, table),
        valueContainsNull: o.valueContainsNull !== false,
      };
    default:
      return fail('"type" to be struct, array or map');
  }
}

function parseField(json: unknown, where: string, table: string): StructField {
  if (typeof json !== 'object' || json === null) {
    throw new CorruptLogError(table, `schemaString ${where}: expected a field object`);
  }
  const o = json as Record<string, unknown>;
  if (typeof o.name !== 'string')
    throw new CorruptLogError(table, `schemaString ${where}: "name" must be a string`);
  const metadata =
    typeof o.metadata === 'object' && o.metadata !== null ? (o.metadata as Record<string, unknown>) : {};
  return {
    name: o.name,
    type: parseType(o.type, `${where} (${o.name})`, table),
    nullable: o.nullable !== false,
    metadata,
  };
}

/**
 * The top-level field named `name`: an exact match, else the one matching case-insensitively (Delta column names
 * are case-insensitive, and parseSchemaString guarantees at most one such match).
 */
export function findField(schema: StructType, name: string): StructField | undefined {
  const lower = name.toLowerCase();
  return (
    schema.fields.find((f) => f.name === name) ?? schema.fields.find((f) => f.name.toLowerCase() === lower)
  );
}

/** The schemaString form of a type, the inverse of parsing (writers serialise schemas with it). */
export function dataTypeToJson(type: DataType): unknown {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'array':
      return {
        type: 'array',
        elementType: dataTypeToJson(type.elementType),
        containsNull: type.containsNull,
      };
    case 'map':
      return {
        type: 'map',
        keyType: dataTypeToJson(type.keyType),
        valueType: dataTypeToJson(type.valueType),
        valueContainsNull: type.valueContainsNull,
      };
    case 'struct':
      return {
        type: 'struct',
        fields: type.fields.map((f) => ({
          name: f.name,
          type: dataTypeToJson(f.type),
          nullable: f.nullable,
          metadata: f.metadata,
        })),
      };
  }
}

/** A compact, readable form for people: `decimal(5,3)`, `array<long>`, `map<string,int>`, `struct<a:long>`. */
export function formatDataType(type: DataType): string {
  switch (type.kind) {
    case 'primitive':
      return type.name;
    case 'decimal':
      return `decimal(${type.precision},${type.scale})`;
    case 'array':
      return `array<${formatDataType(type.elementType)}>`;
    case 'map':
      return `map<${formatDataType(type.keyType)},${formatDataType(type.valueType)}>`;
    case 'struct':
      return `struct<${type.fields.map((f) => `${f.name}:${formatDataType(f.type)}`).join(',')}>`;
  }
}

/** Every primitive type name used anywhere in a type (for feature gating: timestamp_ntz, variant). */
export function primitiveNames(type: DataType, into = new Set<PrimitiveTypeName>()): Set<PrimitiveTypeName> {
  switch (type.kind) {
    case 'primitive':
      into.add(type.name);
      break;
    case 'decimal':
      break;
    case 'array':
      primitiveNames(type.elementType, into);
      break;
    case 'map':
      primitiveNames(type.keyType, into);
      primitiveNames(type.valueType, into);
      break;
    case 'struct':
      for (const f of type.fields) primitiveNames(f.type, into);
  }
  return into;
}

/**
 * The polars dtype a column is read as (notes §4). `binary` has no constructor in nodejs-polars (it can hold the
 * data but not name the type), so it is undefined here and binary columns keep whatever the Parquet reader gives;
 * a map reads as List<Struct{key,value}>, the shape Parquet MAPs have in polars; `void` is all-null.
 */
export function toPolarsType(type: DataType): PolarsType | undefined {
  switch (type.kind) {
    case 'decimal':
      return pl.Decimal(type.precision, type.scale);
    case 'array': {
      const inner = toPolarsType(type.elementType);
      return inner === undefined ? undefined : pl.List(inner);
    }
    case 'map': {
      const key = toPolarsType(type.keyType);
      const value = toPolarsType(type.valueType);
      return key === undefined || value === undefined ? undefined : pl.List(pl.Struct({ key, value }));
    }
    case 'struct': {
      const fields: Record<string, PolarsType> = {};
      for (const f of type.fields) {
        const t = toPolarsType(f.type);
        if (t === undefined) return undefined;
        fields[f.name] = t;
      }
      return pl.Struct(fields);
    }
    case 'primitive':
      return PRIMITIVE_POLARS[type.name]();
  }
}

const PRIMITIVE_POLARS: Record<PrimitiveTypeName, () => PolarsType | undefined> = {
  string: () => pl.Utf8,
  long: () => pl.Int64,
  integer: () => pl.Int32,
  short: () => pl.Int16,
  byte: () => pl.Int8,
  float: () => pl.Float32,
  double: () => pl.Float64,
  boolean: () => pl.Bool,
  binary: () => undefined,
  date: () => pl.Date,
  timestamp: () => pl.Datetime('us', 'UTC'),
  timestamp_ntz: () => pl.Datetime('us'),
  void: () => pl.Null,
  variant: () => undefined,
};
