// Expired log cleanup (Spark's `delta.enableExpiredLogCleanup`, `delta.logRetentionDuration`, default 30 days):
// after a checkpoint, commit and checkpoint files older than the retention are deleted, but only below the newest
// checkpoint that is itself older than the retention, so every version inside the retention window stays
// reconstructible (that checkpoint plus the commits after it). Keeps `_delta_log/` listings short on local disks.
import { LOG_DIR, versionOfLogFile } from '../storage/log-paths';
import type { WriteContext } from './context';

/** Deletes expired log files; returns their paths. */
export async function cleanUpExpiredLog(
  ctx: WriteContext,
  retentionHours: number,
  nowMs = Date.now(),
): Promise<string[]> {
  const cutoffMs = nowMs - retentionHours * 3_600_000;
  const entries: { path: string; version: number; modifiedMs: number; isCheckpoint: boolean }[] = [];
  for await (const meta of ctx.storage.logStore.listLog(0)) {
    const name = meta.path.slice(meta.path.lastIndexOf('/') + 1);
    const version = versionOfLogFile(name);
    if (version === undefined || meta.modifiedMs > cutoffMs) continue;
    entries.push({
      path: meta.path,
      version,
      modifiedMs: meta.modifiedMs,
      isCheckpoint: /^\d{20}\.checkpoint\.parquet$/.test(name),
    });
  }
  // The newest expired single-file checkpoint is the new start of history; everything before it can go.
  const keepFrom = Math.max(-1, ...entries.filter((e) => e.isCheckpoint).map((e) => e.version));
  if (keepFrom <= 0) return [];
  const expired = entries.filter((e) => e.version < keepFrom && e.path.startsWith(`${LOG_DIR}/`));
  for (const entry of expired) await ctx.storage.objects.delete(entry.path);
  return expired.map((e) => e.path);
}
