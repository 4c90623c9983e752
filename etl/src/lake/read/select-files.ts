// Which data files a scan reads (notes §3 step 6): partition pruning on typed partition values from the log, then
// stats-based skipping. Both only drop files that provably hold no matching row.
import type { AddFile } from '../protocol/actions';
import {
  type PartitionColumn,
  type TypedPartitionValues,
  partitionColumnsOf,
  typePartitionValues,
} from '../protocol/partition-values';
import { parseStatsJson } from '../protocol/stats';
import type { Snapshot } from '../log/snapshot';
import { type BoundPredicate, fileMayMatch } from './predicate';

export interface SelectedFile {
  readonly add: AddFile;
  readonly partitionValues: TypedPartitionValues;
}

export interface FileSelection {
  readonly partitionColumns: readonly PartitionColumn[];
  readonly files: readonly SelectedFile[];
  /** Files dropped by partition values or stats. */
  readonly skipped: number;
}

export function selectFiles(snapshot: Snapshot, predicate?: BoundPredicate): FileSelection {
  const partitionColumns = partitionColumnsOf(snapshot.schema, snapshot.partitionColumns, snapshot.table);
  const files: SelectedFile[] = [];
  let skipped = 0;
  for (const add of snapshot.files) {
    const partitionValues = typePartitionValues(add.partitionValues, partitionColumns, {
      table: snapshot.table,
      path: add.path,
    });
    if (
      predicate !== undefined &&
      !fileMayMatch(predicate, { partitionValues, stats: parseStatsJson(add.stats), schema: snapshot.schema })
    ) {
      skipped++;
      continue;
    }
    files.push({ add, partitionValues });
  }
  return { partitionColumns, files, skipped };
}
