// The Parquet schema of a data file written by hyparquet-writer, derived from the Delta schema (PROTOCOL.md
// "Schema Serialization Format"; note §4). Physical types match what Spark and polars write, so files from either
// writer of this engine hold the same column types: maps are real Parquet MAPs (`key_value`, required key),
// arrays standard 3-level LISTs, timestamps INT64 MICROS adjusted to UTC, decimals INT32/INT64/fixed bytes by
// precision, short and byte INT32 with an INTEGER annotation, binary a bare BYTE_ARRAY.
import type { parquetWriteBuffer } from 'hyparquet-writer';
import type { DataType, StructType } from '../protocol/schema';
import { formatDataType } from '../protocol/schema';

// hyparquet-writer bundles its own hyparquet: take the schema type from its signature.
export type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];

/** Why a type cannot go into a data file, or undefined when it can. */
export function unwritableReason(type: DataType): string | undefined {
  switch (type.kind) {
    case 'primitive':
      return type.name === 'timestamp_ntz' || type.name === 'void' || type.name === 'variant'
        ? `${type.name} columns are not written by this engine`
        : undefined;
    case 'decimal':
      return type.precision > 38 ? `decimal precision ${type.precision} exceeds 38` : undefined;
    case 'array':
      return unwritableReason(type.elementType);
    case 'map':
      return unwritableReason(type.keyType) ?? unwritableReason(type.valueType);
    case 'struct':
      for (const field of type.fields) {
        const reason = unwritableReason(field.type);
        if (reason !== undefined) return reason;
      }
      return undefined;
  }
}

/** The flattened Parquet schema (root first) of a file holding `schema`'s columns. */
export function parquetSchemaOf(schema: StructType): SchemaElement[] {
  return [
    { name: 'root', num_children: schema.fields.length },
    ...schema.fields.flatMap((field) => elementsOf(field.name, field.type, field.nullable)),
  ];
}

function elementsOf(name: string, type: DataType, nullable: boolean): SchemaElement[] {
  const repetition_type = nullable ? 'OPTIONAL' : 'REQUIRED';
  switch (type.kind) {
    case 'primitive':
      return [{ name, repetition_type, ...primitiveElement(type.name) }];
    case 'decimal':
      return [{ name, repetition_type, ...decimalElement(type.precision, type.scale) }];
    case 'array':
      return [
        { name, repetition_type, converted_type: 'LIST', logical_type: { type: 'LIST' }, num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        ...elementsOf('element', type.elementType, type.containsNull),
      ];
    case 'map':
      return [
        { name, repetition_type, converted_type: 'MAP', logical_type: { type: 'MAP' }, num_children: 1 },
        { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
        ...elementsOf('key', type.keyType, false),
        ...elementsOf('value', type.valueType, type.valueContainsNull),
      ];
    case 'struct':
      return [
        { name, repetition_type, num_children: type.fields.length },
        ...type.fields.flatMap((f) => elementsOf(f.name, f.type, f.nullable)),
      ];
  }
}

type Leaf = Omit<SchemaElement, 'name' | 'repetition_type'>;

function primitiveElement(name: string): Leaf {
  switch (name) {
    case 'string':
      return { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'binary':
      return { type: 'BYTE_ARRAY' };
    case 'long':
      return { type: 'INT64' };
    case 'integer':
      return { type: 'INT32' };
    case 'short':
      return {
        type: 'INT32',
        converted_type: 'INT_16',
        logical_type: { type: 'INTEGER', bitWidth: 16, isSigned: true },
      };
    case 'byte':
      return {
        type: 'INT32',
        converted_type: 'INT_8',
        logical_type: { type: 'INTEGER', bitWidth: 8, isSigned: true },
      };
    case 'float':
      return { type: 'FLOAT' };
    case 'double':
      return { type: 'DOUBLE' };
    case 'boolean':
      return { type: 'BOOLEAN' };
    case 'date':
      return { type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
    case 'timestamp':
      return {
        type: 'INT64',
        converted_type: 'TIMESTAMP_MICROS',
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
      };
    default:
      throw new TypeError(
        `no Parquet type for Delta type ${formatDataType({ kind: 'primitive', name } as DataType)}`,
      );
  }
}

/** Spark's choice: INT32 up to 9 digits, INT64 up to 18, else the fewest bytes holding 10^p − 1 signed. */
function decimalElement(precision: number, scale: number): Leaf {
  const annotation = {
    converted_type: 'DECIMAL',
    logical_type: { type: 'DECIMAL', precision, scale },
    precision,
    scale,
  } as const;
  if (precision <= 9) return { type: 'INT32', ...annotation };
  if (precision <= 18) return { type: 'INT64', ...annotation };
  let bytes = 1;
  while (2n ** BigInt(8 * bytes - 1) <= 10n ** BigInt(precision)) bytes += 1;
  return { type: 'FIXED_LEN_BYTE_ARRAY', type_length: bytes, ...annotation };
}
