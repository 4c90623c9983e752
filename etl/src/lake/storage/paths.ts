// Object paths inside a table: relative, `/`-separated, no `.`/`..` segments. Checked once here so no store can be
// talked into reading or writing outside its table root.
import { InvalidStorageConfigError } from './errors';

/** Throws unless `path` is a clean relative object path (`_delta_log/00000000000000000000.json`). */
export function assertObjectPath(path: string, store: string): void {
  if (
    path === '' ||
    path.startsWith('/') ||
    path.endsWith('/') ||
    path.includes('\\') ||
    path.includes('\0')
  ) {
    throw new InvalidStorageConfigError(
      `${store}: object path "${path}"`,
      'expected a relative path like "a/b.parquet"',
    );
  }
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new InvalidStorageConfigError(
        `${store}: object path "${path}"`,
        'empty, "." and ".." segments are not allowed',
      );
    }
  }
}

/** A listing prefix may be empty or end anywhere, but must not climb out of the table. */
export function assertListPrefix(prefix: string, store: string): void {
  if (prefix === '') return;
  assertObjectPath(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix, store);
}

/** S3 orders keys by UTF-8 bytes; JS `<` compares UTF-16 units, which differs above U+FFFF. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
