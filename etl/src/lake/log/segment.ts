// Chooses the log files that reconstruct a version (PROTOCOL.md "Action Reconciliation", notes §3 steps 1–3): the
// newest complete checkpoint at or below the target, then the JSON commits after it, which must be contiguous.
// Listing starts at the `_last_checkpoint` hint, so the work does not grow with commits before that checkpoint.
import { CorruptLogError } from '../errors';
import type { LogStore } from '../storage/types';
import { type Checkpoint, type LogFile, classifyLogFile, completeCheckpoints } from './files';
import { TableNotFoundError, VersionNotFoundError } from './errors';
import { readLastCheckpoint } from './last-checkpoint';
import type { ObjectMeta } from '../storage/types';

export interface LogSegment {
  /** The version the segment reconstructs. */
  readonly version: number;
  readonly checkpoint?: Checkpoint;
  /** Commits after the checkpoint up to `version`, in version order. */
  readonly commits: readonly { readonly version: number; readonly meta: ObjectMeta }[];
  /** The newest version present in the log (≥ version). */
  readonly latestVersion: number;
}

export async function listLogFiles(logStore: LogStore, fromVersion: number): Promise<LogFile[]> {
  const files: LogFile[] = [];
  for await (const meta of logStore.listLog(fromVersion)) {
    const file = classifyLogFile(meta);
    if (file !== undefined) files.push(file);
  }
  // Stores list in key order already; sort anyway so a store that does not cannot reorder versions.
  return files.sort(
    (a, b) => a.version - b.version || (a.kind === b.kind ? 0 : a.kind === 'checkpoint' ? -1 : 1),
  );
}

export async function buildLogSegment(logStore: LogStore, target?: number): Promise<LogSegment> {
  const table = logStore.objects.uri;
  const hint = await readLastCheckpoint(logStore.objects);
  const start = hint !== undefined && (target === undefined || hint.version <= target) ? hint.version : 0;
  let files = await listLogFiles(logStore, start);
  let segment = segmentFrom(files, target, table);
  if (segment === undefined && start > 0) {
    // The hint pointed at a checkpoint that is missing or incomplete: fall back to a full listing.
    files = await listLogFiles(logStore, 0);
    segment = segmentFrom(files, target, table);
  }
  if (segment === undefined) {
    if (files.length === 0) throw new TableNotFoundError(table);
    const earliest = files.find((f) => f.kind === 'commit')?.version;
    if (target !== undefined && earliest !== undefined && target < earliest) {
      throw new VersionNotFoundError(
        table,
        `version ${target} cannot be reconstructed: commits before ${earliest} were cleaned up and no checkpoint covers it`,
      );
    }
    throw new CorruptLogError(
      table,
      'no checkpoint and no commit 0: the log cannot be replayed from its start',
    );
  }
  return segment;
}

/** The segment for `target`, or undefined when the listed files hold neither a usable checkpoint nor commit 0. */
function segmentFrom(
  files: readonly LogFile[],
  target: number | undefined,
  table: string,
): LogSegment | undefined {
  if (files.length === 0) return undefined;
  const latestVersion = files[files.length - 1]!.version;
  const version = target ?? latestVersion;
  if (version > latestVersion) {
    throw new VersionNotFoundError(
      table,
      `version ${version} does not exist; the latest is ${latestVersion}`,
    );
  }
  const checkpoint = completeCheckpoints(files).find((c) => c.version <= version);
  const commits = files
    .filter((f): f is Extract<LogFile, { kind: 'commit' }> => f.kind === 'commit')
    .filter((f) => f.version > (checkpoint?.version ?? -1) && f.version <= version)
    .map((f) => ({ version: f.version, meta: f.meta }));
  if (checkpoint === undefined && commits[0]?.version !== 0) return undefined;
  let expected = checkpoint === undefined ? 0 : checkpoint.version + 1;
  for (const commit of commits) {
    if (commit.version !== expected) {
      throw new CorruptLogError(
        table,
        `commit ${expected} is missing (the log jumps to ${commit.version}); versions must be contiguous`,
        expected,
      );
    }
    expected++;
  }
  if (expected <= version) {
    throw new CorruptLogError(
      table,
      `commit ${expected} is missing; cannot reconstruct version ${version}`,
      expected,
    );
  }
  return { version, ...(checkpoint === undefined ? {} : { checkpoint }), commits, latestVersion };
}
