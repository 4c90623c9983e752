// Commit timestamps and time travel by timestamp (PROTOCOL.md "In-Commit Timestamps", notes §3): a commit's
// timestamp is its `commitInfo.inCommitTimestamp` when in-commit timestamps are on, otherwise the commit file's
// modification time, made strictly increasing as Spark does (a clock step back must not reorder versions).
import { CorruptLogError } from '../errors';
import type { CommitInfo } from '../protocol/actions';
import type { LogStore } from '../storage/types';
import { readCommit } from './commits';
import { VersionNotFoundError, TableNotFoundError } from './errors';
import { listLogFiles } from './segment';

export interface CommitTimestamp {
  readonly version: number;
  readonly timestampMs: number;
  readonly commitInfo?: CommitInfo;
}

/**
 * Every listed commit with its effective timestamp, oldest first. Reads each commit's commitInfo only when
 * `withCommitInfo` is set (history) or the commit may carry an in-commit timestamp.
 */
export async function commitTimestamps(
  logStore: LogStore,
  options: { readonly withCommitInfo?: boolean; readonly fromVersion?: number } = {},
): Promise<CommitTimestamp[]> {
  const files = (await listLogFiles(logStore, options.fromVersion ?? 0)).filter((f) => f.kind === 'commit');
  if (files.length === 0) throw new TableNotFoundError(logStore.objects.uri);
  const out: CommitTimestamp[] = [];
  let previous = -Infinity;
  for (const file of files) {
    let commitInfo: CommitInfo | undefined;
    let timestampMs = file.meta.modifiedMs;
    if (options.withCommitInfo === true || (await mayHaveInCommitTimestamp(logStore, file.meta.path))) {
      const actions = await readCommit(logStore.objects, file.version, file.meta.path);
      const info = actions.find((a) => a.kind === 'commitInfo');
      commitInfo = info?.kind === 'commitInfo' ? info.commitInfo : undefined;
    }
    if (typeof commitInfo?.inCommitTimestamp === 'number') timestampMs = commitInfo.inCommitTimestamp;
    else if (timestampMs <= previous) timestampMs = previous + 1;
    previous = timestampMs;
    out.push({ version: file.version, timestampMs, ...(commitInfo === undefined ? {} : { commitInfo }) });
  }
  return out;
}

/** In-commit timestamps put commitInfo first; peek at the first line to avoid parsing whole commits. */
async function mayHaveInCommitTimestamp(logStore: LogStore, path: string): Promise<boolean> {
  const bytes = await logStore.objects.get(path);
  const end = bytes.indexOf(10);
  const first = Buffer.from(end < 0 ? bytes : bytes.subarray(0, end)).toString('utf8');
  return first.includes('"inCommitTimestamp"');
}

/** The newest version whose commit timestamp is at or before `at`. */
export async function versionAtTimestamp(logStore: LogStore, at: Date): Promise<number> {
  const table = logStore.objects.uri;
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('time travel timestamp is not a valid date');
  const commits = await commitTimestamps(logStore);
  let found: number | undefined;
  for (const c of commits) {
    if (c.timestampMs <= ms) found = c.version;
    else break;
  }
  if (found === undefined) {
    const first = commits[0];
    if (first === undefined) throw new CorruptLogError(table, 'the log has no commits');
    throw new VersionNotFoundError(
      table,
      `no version at or before ${at.toISOString()}; the earliest commit (${first.version}) is at ${new Date(first.timestampMs).toISOString()}`,
    );
  }
  return found;
}
