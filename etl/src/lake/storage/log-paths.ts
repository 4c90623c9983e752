// Names of files in `_delta_log/` (PROTOCOL.md "Delta Log Entries"): versions are zero-padded to 20 digits.
import { InvalidStorageConfigError } from './errors';

export const LOG_DIR = '_delta_log';

export function assertVersion(version: number, table: string): void {
  if (!Number.isSafeInteger(version) || version < 0) {
    throw new InvalidStorageConfigError(`${table}: commit version ${version}`, 'expected an integer ≥ 0');
  }
}

export function padVersion(version: number): string {
  return String(version).padStart(20, '0');
}

/** `00000000000000000007.json` */
export function commitFileName(version: number): string {
  return `${padVersion(version)}.json`;
}

/** `_delta_log/00000000000000000007.json` */
export function commitPath(version: number): string {
  return `${LOG_DIR}/${commitFileName(version)}`;
}

/** The version a `_delta_log/` file name starts with (`<v20>.json`, `<v20>.checkpoint.parquet`, …), if any. */
export function versionOfLogFile(name: string): number | undefined {
  const match = /^(\d{20})\./.exec(name);
  return match ? Number(match[1]) : undefined;
}
