// DELETE WHERE, copy-on-write: files the predicate cannot match are untouched (partition values and stats), files
// it covers whole by partition values are removed without being read, and the rest are rewritten without the
// deleted rows. SQL semantics: a row whose predicate is NULL is kept.
import pl from 'nodejs-polars';
import type { Snapshot } from '../log/snapshot';
import type { AddFile } from '../protocol/actions';
import { type BoundPredicate, type Predicate, bindPredicate, toPolarsExpr } from '../read/predicate';
import { selectFiles } from '../read/select-files';
import { writeDataFiles } from '../write/data-file';
import {
  type CommitResult,
  type WriteContext,
  assertNotAppendOnly,
  commitAndCheckpoint,
  configOf,
  predicateScope,
  readFiles,
  removeFor,
  requireSnapshot,
} from './context';
import { columnsOf } from './overwrite';

export async function deleteWhere(
  ctx: WriteContext,
  where: Predicate,
  commitInfo?: Readonly<Record<string, unknown>>,
): Promise<CommitResult> {
  const snapshot = await requireSnapshot(ctx);
  assertNotAppendOnly(snapshot, 'delete');
  const bound = bindPredicate(where, snapshot.schema, snapshot.table);
  const candidates = selectFiles(snapshot, bound).files.map((f) => f.add);
  const byPartitionOnly = columnsOf(where).every((c) => snapshot.partitionColumns.includes(c));

  const removed: AddFile[] = [];
  const rewritten: pl.DataFrame[] = [];
  let deletedRows = 0;
  for (const file of candidates) {
    if (byPartitionOnly) {
      // The predicate is decided exactly by the file's partition values: every row matches.
      removed.push(file);
      deletedRows += numRecords(file) ?? 0;
      continue;
    }
    const rows = readFiles(snapshot, [file], ctx.locate);
    const kept = rows.filter(toPolarsExpr(bound).not());
    if (kept.height === rows.height) continue;
    deletedRows += rows.height - kept.height;
    removed.push(file);
    if (kept.height > 0) rewritten.push(kept);
  }
  if (removed.length === 0) return { version: snapshot.version, noop: true, metrics: { numDeletedRows: 0 } };
  return commitDelete(ctx, snapshot, bound, candidates, removed, rewritten, deletedRows, where, commitInfo);
}

async function commitDelete(
  ctx: WriteContext,
  snapshot: Snapshot,
  bound: BoundPredicate,
  candidates: readonly AddFile[],
  removed: readonly AddFile[],
  rewritten: readonly pl.DataFrame[],
  deletedRows: number,
  where: Predicate,
  commitInfo: Readonly<Record<string, unknown>> | undefined,
): Promise<CommitResult> {
  const config = configOf(snapshot);
  const output = rewritten.length === 0 ? undefined : pl.concat([...rewritten], { how: 'vertical' });
  const adds =
    output === undefined
      ? []
      : await writeDataFiles(ctx.storage.objects, output, {
          partitionColumns: snapshot.partitionColumns,
          stats: config.stats,
          schema: snapshot.schema,
        });
  const now = Date.now();
  return commitAndCheckpoint(
    ctx,
    {
      operation: 'DELETE',
      operationParameters: { predicate: JSON.stringify(where) },
      operationMetrics: {
        numDeletedRows: deletedRows,
        numRemovedFiles: removed.length,
        numAddedFiles: adds.length,
        numCopiedRows: output?.height ?? 0,
      },
      adds,
      removes: removed.map((f) => removeFor(f, true, now)),
      ...(commitInfo ? { commitInfo } : {}),
    },
    predicateScope(snapshot, bound, candidates),
    config,
  );
}

function numRecords(file: AddFile): number | undefined {
  if (file.stats === undefined) return undefined;
  try {
    const value = (JSON.parse(file.stats) as { numRecords?: unknown }).numRecords;
    return typeof value === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}
