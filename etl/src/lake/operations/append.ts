// APPEND: new data files, nothing removed. A blind append reads nothing, so under the protocol's rules it only
// conflicts with metadata, protocol or same-txn winners and is retried at the next version otherwise.
import type { Snapshot } from '../log/snapshot';
import type { AddFile } from '../protocol/actions';
import type { PendingCommit, ReadScope } from '../write/commit';

export function planAppend(
  snapshot: Snapshot | undefined,
  adds: readonly AddFile[],
  numRows: number,
): { pending: Omit<PendingCommit, 'operationParameters'>; scope: ReadScope } {
  return {
    pending: {
      operation: 'WRITE',
      operationMetrics: { numFiles: adds.length, numOutputRows: numRows, numOutputBytes: sumSizes(adds) },
      adds,
      removes: [],
    },
    scope: { readVersion: snapshot?.version ?? -1, isBlindAppend: true },
  };
}

export function sumSizes(files: readonly { size?: number }[]): number {
  return files.reduce((total, f) => total + (f.size ?? 0), 0);
}
