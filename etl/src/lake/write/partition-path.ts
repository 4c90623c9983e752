// Where a data file goes: Hive-style `col=value/` directories (a convention only; Delta reads partition values from
// the log). Escaping and the URI form of `add.path` come from the protocol module, shared with the reader.
import { escapePartitionValue } from '../protocol/partition-values';

/** `date=2024-01-31/region=NSW1` for the given partition columns and their serialised values. */
export function partitionDirectory(
  partitionColumns: readonly string[],
  values: Readonly<Record<string, string | null>>,
): string {
  return partitionColumns
    .map((column) => `${escapePartitionValue(column)}=${escapePartitionValue(values[column] ?? null)}`)
    .join('/');
}
