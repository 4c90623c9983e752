// OVERWRITE: replace the whole table, or with replaceWhere only the partitions a predicate selects (Delta's
// "replaceWhere" on partition columns). Every live file in scope gets a remove (dataChange) and the new data its
// adds, in one commit, so readers see the old rows or the new ones, never a mix.
import type pl from 'nodejs-polars';
import type { Snapshot } from '../log/snapshot';
import type { AddFile } from '../protocol/actions';
import { type Predicate, bindPredicate, fileMayMatch, toPolarsExpr } from '../read/predicate';
import type { PendingCommit, ReadScope } from '../write/commit';
import { InvalidWriteError } from '../write/errors';
import { factsOf, predicateScope, removeFor } from './context';
import { sumSizes } from './append';

export function planOverwrite(
  snapshot: Snapshot,
  data: pl.DataFrame,
  adds: readonly AddFile[],
  replaceWhere: Predicate | undefined,
): { pending: Omit<PendingCommit, 'operationParameters'>; scope: ReadScope } {
  const replaced =
    replaceWhere === undefined ? snapshot.files : filesInPartitions(snapshot, data, replaceWhere);
  const now = Date.now();
  const bound =
    replaceWhere === undefined ? undefined : bindPredicate(replaceWhere, snapshot.schema, snapshot.table);
  return {
    pending: {
      operation: 'WRITE',
      operationMetrics: {
        numFiles: adds.length,
        numOutputRows: data.height,
        numOutputBytes: sumSizes(adds),
        numRemovedFiles: replaced.length,
      },
      adds,
      removes: replaced.map((f) => removeFor(f, true, now)),
    },
    scope: predicateScope(snapshot, bound, replaced),
  };
}

/**
 * The files replaceWhere replaces. The predicate may name partition columns only (files are replaced whole), and
 * every new row must satisfy it, or the write would put rows outside the partitions it claims to replace.
 */
function filesInPartitions(snapshot: Snapshot, data: pl.DataFrame, replaceWhere: Predicate): AddFile[] {
  const table = snapshot.table;
  const partitions = new Set(snapshot.partitionColumns);
  const outside = columnsOf(replaceWhere).filter((c) => !partitions.has(c));
  if (outside.length > 0) {
    throw new InvalidWriteError(
      table,
      `replaceWhere may use partition columns only (${[...partitions].join(', ') || 'the table has none'}); ` +
        `it names ${outside.map((c) => `"${c}"`).join(', ')}. Use delete then append for a data-column condition.`,
    );
  }
  const bound = bindPredicate(replaceWhere, snapshot.schema, table);
  const violating = data.height === 0 ? 0 : data.filter(toPolarsExpr(bound).not()).height;
  if (violating > 0) {
    throw new InvalidWriteError(
      table,
      `${violating} of ${data.height} new rows do not satisfy replaceWhere; they would land outside the replaced ` +
        'partitions. Filter the data or widen the condition.',
    );
  }
  return snapshot.files.filter((f) => fileMayMatch(bound, factsOf(snapshot, f)));
}

export function columnsOf(predicate: Predicate): string[] {
  if ('and' in predicate) return predicate.and.flatMap(columnsOf);
  if ('or' in predicate) return predicate.or.flatMap(columnsOf);
  return [predicate.column];
}
