// Where a data file goes and how its partition values are spelled. Two encodings stack (note §10 trap 1): the
// directory name uses Hive escaping (`x=A%2FA`), and `add.path` is that path written as a URI (`x=A%252FA/…`).

/** The on-disk directory name of a null partition value (Hive/Spark convention). */
export const NULL_PARTITION_DIR = '__HIVE_DEFAULT_PARTITION__';

// Spark's ExternalCatalogUtils.escapePathName set, plus space (delta-rs escapes it too; it keeps URIs plain).
const HIVE_ESCAPED = new Set([...'"#%\'*/:=?\\{[]^ ', '\u007f']);

/** Hive-escapes one partition value or column name for use as a directory segment. */
export function escapeHivePathSegment(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    out +=
      code < 0x20 || HIVE_ESCAPED.has(char) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : char;
  }
  return out;
}

/** `date=2024-01-31/region=NSW1` for the given partition columns and their serialised values. */
export function partitionDirectory(
  partitionColumns: readonly string[],
  values: Readonly<Record<string, string | null>>,
): string {
  return partitionColumns
    .map((column) => {
      const value = values[column];
      const segment = value === null || value === undefined || value === '' ? NULL_PARTITION_DIR : value;
      return `${escapeHivePathSegment(column)}=${segment === NULL_PARTITION_DIR ? segment : escapeHivePathSegment(segment)}`;
    })
    .join('/');
}

/** A relative table path as the RFC 2396 URI `add.path` holds: each segment percent-encoded, `=` kept. */
export function toAddPath(relativePath: string): string {
  return relativePath
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3D/g, '='))
    .join('/');
}
