// OPTIMIZE (bin-packing compaction): per partition, small files are grouped into bins of about targetSizeBytes
// and each bin of two or more files is rewritten as one file. The rows do not change, so removes and adds carry
// dataChange:false and concurrent appends never conflict with it (PROTOCOL.md "Add File and Remove File").

import type { AddFile } from '../protocol/actions';
import { decodeLogPath } from '../protocol/partition-values';
import type { Snapshot } from '../log/snapshot';
import { type Predicate, bindPredicate, fileMayMatch } from '../read/predicate';
import { writeDataFiles } from '../write/data-file';
import { InvalidWriteError } from '../write/errors';
import {
  type CommitResult,
  type WriteContext,
  commitAndCheckpoint,
  configOf,
  factsOf,
  readFiles,
  removeFor,
  requireSnapshot,
} from './context';
import { sumSizes } from './append';
import { columnsOf } from './overwrite';

export interface OptimizeOptions {
  /** Size compacted files aim at; files at or above it are left alone. Default 128 MiB. */
  readonly targetSizeBytes?: number;
  /** Plan only: the result has `noop: true` and the would-be metrics (numRemovedFiles, numRemovedBytes, bins). */
  readonly dryRun?: boolean;
  /** Compact only the partitions this predicate selects (partition columns only), e.g. the latest days. */
  readonly where?: Predicate;
}

export const DEFAULT_TARGET_SIZE_BYTES = 128 * 1024 * 1024;

/** Groups of small files to merge, each within one partition. */
export function planBins(files: readonly AddFile[], targetSizeBytes: number): AddFile[][] {
  const byPartition = new Map<string, AddFile[]>();
  for (const file of files) {
    if (file.size >= targetSizeBytes || file.deletionVector !== undefined) continue;
    const key = JSON.stringify(Object.entries(file.partitionValues).sort(([a], [b]) => (a < b ? -1 : 1)));
    byPartition.set(key, [...(byPartition.get(key) ?? []), file]);
  }
  const bins: AddFile[][] = [];
  for (const group of byPartition.values()) {
    // First-fit decreasing keeps bins close to the target with few leftovers.
    const sorted = [...group].sort((a, b) => b.size - a.size);
    const open: { files: AddFile[]; size: number }[] = [];
    for (const file of sorted) {
      const bin = open.find((b) => b.size + file.size <= targetSizeBytes);
      if (bin) {
        bin.files.push(file);
        bin.size += file.size;
      } else open.push({ files: [file], size: file.size });
    }
    bins.push(...open.filter((b) => b.files.length > 1).map((b) => b.files));
  }
  return bins;
}

function filesInScope(snapshot: Snapshot, where: Predicate | undefined): readonly AddFile[] {
  if (where === undefined) return snapshot.files;
  const outside = columnsOf(where).filter((c) => !snapshot.partitionColumns.includes(c));
  if (outside.length > 0) {
    throw new InvalidWriteError(
      snapshot.table,
      `optimize "where" may use partition columns only (${snapshot.partitionColumns.join(', ') || 'the table has none'}); ` +
        `it names ${outside.map((c) => `"${c}"`).join(', ')}`,
    );
  }
  const bound = bindPredicate(where, snapshot.schema, snapshot.table);
  return snapshot.files.filter((f) => fileMayMatch(bound, factsOf(snapshot, f)));
}

/** Compacts small files; undefined when there is nothing to compact. */
export async function optimizeTable(
  ctx: WriteContext,
  options: OptimizeOptions = {},
): Promise<CommitResult | undefined> {
  const snapshot = await requireSnapshot(ctx);
  const target = options.targetSizeBytes ?? DEFAULT_TARGET_SIZE_BYTES;
  if (!Number.isFinite(target) || target <= 0) {
    throw new InvalidWriteError(snapshot.table, `targetSizeBytes must be a positive number, got ${target}`);
  }
  const bins = planBins(filesInScope(snapshot, options.where), target);
  if (bins.length === 0) return undefined;
  if (options.dryRun) {
    const files = bins.flat();
    return {
      version: snapshot.version,
      noop: true,
      metrics: { numRemovedFiles: files.length, numRemovedBytes: sumSizes(files), bins: bins.length },
    };
  }
  const config = configOf(snapshot);
  const adds: AddFile[] = [];
  for (const bin of bins) {
    // Read in log order (oldest first) so row order within a partition is kept.
    const ordered = snapshot.files.filter((f) => bin.includes(f));
    const rows = readFiles(snapshot, ordered, ctx.locate);
    adds.push(
      ...(await writeDataFiles(ctx.storage.objects, rows, {
        partitionColumns: snapshot.partitionColumns,
        stats: config.stats,
        schema: snapshot.schema,
        dataChange: false,
        maxRowsPerFile: Number.MAX_SAFE_INTEGER,
      })),
    );
  }
  const removed = bins.flat();
  const now = Date.now();
  return commitAndCheckpoint(
    ctx,
    {
      operation: 'OPTIMIZE',
      operationParameters: {
        predicate: options.where === undefined ? '[]' : JSON.stringify([options.where]),
        targetSize: String(target),
      },
      operationMetrics: {
        numRemovedFiles: removed.length,
        numAddedFiles: adds.length,
        numRemovedBytes: sumSizes(removed),
        numAddedBytes: sumSizes(adds),
      },
      adds,
      removes: removed.map((f) => removeFor(f, false, now)),
    },
    {
      readVersion: snapshot.version,
      isBlindAppend: false,
      // New files from concurrent appends are not ours to compact: only losing a compacted file conflicts.
      mayHaveRead: () => false,
      readPaths: new Set(removed.map((f) => decodeLogPath(f.path))),
    },
    config,
  );
}
