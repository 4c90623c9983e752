// Partition values and data file paths (PROTOCOL.md "Partition Value Serialization", notes §5 and §10.1–10.3).
// Values in the log are strings (null or "" = null); directories use Hive escaping and `add.path` is a URI on top
// of that, so `x=A%2FA/…` on disk is `x=A%252FA/…` in the log. Partition values always come from the log.
import { CorruptLogError } from '../errors';
import type { PartitionValues } from './actions';
import type { StructType } from './schema';
import { type ScalarType, type TypedValue, asScalarType, parseTypedText } from './values';

export const HIVE_DEFAULT_PARTITION = '__HIVE_DEFAULT_PARTITION__';

/** A file's partition values, typed by the table schema; null is SQL NULL. */
export type TypedPartitionValues = ReadonlyMap<string, TypedValue | null>;

export interface PartitionColumn {
  readonly name: string;
  readonly type: ScalarType;
}

/** The partition columns with their scalar types; throws if one is missing from the schema or is nested. */
export function partitionColumnsOf(
  schema: StructType,
  partitionColumns: readonly string[],
  table: string,
): PartitionColumn[] {
  return partitionColumns.map((name) => {
    const field = schema.fields.find((f) => f.name === name);
    if (field === undefined) {
      throw new CorruptLogError(table, `partition column "${name}" is not in the schema`);
    }
    const type = asScalarType(field.type);
    if (type === undefined) {
      throw new CorruptLogError(table, `partition column "${name}" has a non-primitive type`);
    }
    return { name, type };
  });
}

/** Types one file's partition values; a value that does not parse as its column's type is a corrupt log. */
export function typePartitionValues(
  values: PartitionValues,
  columns: readonly PartitionColumn[],
  context: { table: string; path: string },
): TypedPartitionValues {
  const typed = new Map<string, TypedValue | null>();
  for (const column of columns) {
    const raw = values[column.name];
    if (raw === undefined || raw === null || raw === '') {
      typed.set(column.name, null);
      continue;
    }
    const value = parseTypedText(raw, column.type);
    if (value === undefined) {
      throw new CorruptLogError(
        context.table,
        `add ${context.path}: partition value ${JSON.stringify(raw)} of "${column.name}" is not a valid ${describeType(column.type)}`,
      );
    }
    typed.set(column.name, value);
  }
  return typed;
}

function describeType(type: ScalarType): string {
  return type.kind === 'decimal' ? `decimal(${type.precision},${type.scale})` : type.name;
}

/** True when `add.path` is an absolute URI (`s3://…`, `file:/…`) rather than relative to the table root. */
export function isAbsolutePath(path: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path);
}

/** Decodes the URI form of `add.path` into the object path on storage (`x=A%252FA/f` → `x=A%2FA/f`). */
export function decodeLogPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // not percent-encoded consistently: a literal path (some writers never encoded)
  }
}

/** Encodes an object path for `add.path` (the inverse of decodeLogPath; `/` stays a separator). */
export function encodeLogPath(objectPath: string): string {
  return objectPath
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');
}

// Characters Hive (and Spark's ExternalCatalogUtils) escape in partition directory names.
const HIVE_ESCAPED = new Set(['"', '#', '%', "'", '*', '/', ':', '=', '?', '\\', '\x7f', '{', '[', ']', '^']);

/** `A/A` → `A%2FA`; null → `__HIVE_DEFAULT_PARTITION__`. */
export function escapePartitionValue(value: string | null): string {
  if (value === null || value === '') return HIVE_DEFAULT_PARTITION;
  let out = '';
  for (const c of value) {
    const code = c.codePointAt(0)!;
    out += code < 0x20 || HIVE_ESCAPED.has(c) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : c;
  }
  return out;
}

/** `A%2FA` → `A/A`; `__HIVE_DEFAULT_PARTITION__` → null. */
export function unescapePartitionValue(segment: string): string | null {
  if (segment === HIVE_DEFAULT_PARTITION) return null;
  return segment.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
