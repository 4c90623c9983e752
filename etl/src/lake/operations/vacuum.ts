// VACUUM (note §10 trap 11): delete data files no version within the retention window can reference: not a live
// add, not an unexpired tombstone, and older than the retention. Never touches `_delta_log/`, `_change_data/`
// or other hidden paths. A retention under the table's (default 7 days) is refused unless forced, because
// readers of older versions and in-flight writers' uncommitted files would lose data.
import { RetentionTooShortError } from '../write/errors';
import { decodeLogPath, isAbsolutePath } from '../protocol/partition-values';
import { LocalObjectStore } from '../storage/local';
import { type WriteContext, assertWritable, configOf, requireSnapshot } from './context';

export interface VacuumOptions {
  /** Keep files needed by versions of the last N hours; default the table's delta.deletedFileRetentionDuration. */
  readonly retentionHours?: number;
  /** Allow a retention shorter than the table's. */
  readonly force?: boolean;
  /** List what would be deleted without deleting. */
  readonly dryRun?: boolean;
}

/** Returns the deleted (or, with dryRun, deletable) paths relative to the table root, sorted. */
export async function vacuumTable(ctx: WriteContext, options: VacuumOptions = {}): Promise<string[]> {
  const snapshot = await requireSnapshot(ctx);
  assertWritable(snapshot);
  const minimumHours = configOf(snapshot).deletedFileRetentionHours;
  const retentionHours = options.retentionHours ?? minimumHours;
  if (!Number.isFinite(retentionHours) || retentionHours < 0) {
    throw new RetentionTooShortError(snapshot.table, retentionHours, minimumHours);
  }
  if (retentionHours < minimumHours && options.force !== true) {
    throw new RetentionTooShortError(snapshot.table, retentionHours, minimumHours);
  }
  const cutoffMs = Date.now() - retentionHours * 3_600_000;
  const relativePath = relativeTo(ctx.storage.objects.uri);
  const live = new Set(snapshot.files.map((f) => relativePath(f.path)));
  const protectedTombstones = new Set(
    snapshot.tombstones
      .filter((r) => (r.deletionTimestamp ?? Number.MAX_SAFE_INTEGER) > cutoffMs)
      .map((r) => relativePath(r.path)),
  );
  const expiredTombstones = new Set(
    snapshot.tombstones
      .filter((r) => (r.deletionTimestamp ?? Number.MAX_SAFE_INTEGER) <= cutoffMs)
      .map((r) => relativePath(r.path)),
  );
  const deletable: string[] = [];
  for await (const object of ctx.storage.objects.list('')) {
    if (isHidden(object.path) || live.has(object.path) || protectedTombstones.has(object.path)) continue;
    // A removed file is deletable once its tombstone expired; an untracked one once it is older than retention.
    if (expiredTombstones.has(object.path) || object.modifiedMs < cutoffMs) deletable.push(object.path);
  }
  deletable.sort();
  if (options.dryRun === true) return deletable;
  for (const path of deletable) await ctx.storage.objects.delete(path);
  // Local stores also hold the hidden temp files of writers killed mid-put; they go once older than the retention.
  const objects = ctx.storage.objects;
  const abandoned =
    objects instanceof LocalObjectStore
      ? await objects.removeAbandonedTempFiles({ olderThanMs: retentionHours * 3_600_000 })
      : [];
  return [...deletable, ...abandoned].sort();
}

/**
 * Maps `add.path` / `remove.path` to an object path relative to the table root. Absolute URIs under the root
 * (`file:///lake/t/x.parquet`, `s3a://bucket/t/x.parquet`) are made relative; others stay as they are and so
 * never match (and never protect nor expose) a listed object.
 */
function relativeTo(rootUri: string): (logPath: string) => string {
  const roots = [rootUri, rootUri.replace(/^file:\/\/\//, 'file:/'), rootUri.replace(/^s3:/, 's3a:')].map(
    (r) => r.replace(/\/+$/, '') + '/',
  );
  return (logPath) => {
    const decoded = decodeLogPath(logPath);
    if (!isAbsolutePath(logPath)) return decoded;
    const root = roots.find((r) => decoded.startsWith(r));
    return root === undefined ? decoded : decoded.slice(root.length);
  };
}

/** Spark's rule: a segment starting with `.` is hidden, one starting with `_` too unless it is `col=value`. */
export function isHidden(path: string): boolean {
  return path
    .split('/')
    .some((segment) => segment.startsWith('.') || (segment.startsWith('_') && !segment.includes('=')));
}
