// Commit timestamps and time travel by timestamp (PROTOCOL.md "In-Commit Timestamps", notes §3): a commit's
// timestamp is its `commitInfo.inCommitTimestamp` when in-commit timestamps are on, otherwise the commit file's
// modification time, made strictly increasing as Spark does (a clock step back must not reorder versions).
import { CorruptLogError } from '../errors';
import type { CommitInfo, Metadata } from '../protocol/actions';
import type { LogStore } from '../storage/types';
import { readCommit } from './commits';
import { VersionNotFoundError, TableNotFoundError } from './errors';
import { listLogFiles } from './segment';

export interface CommitTimestamp {
  readonly version: number;
  readonly timestampMs: number;
  readonly commitInfo?: CommitInfo;
}

export interface CommitTimestampOptions {
  /**
   * First version whose timestamp is its in-commit timestamp (`delta.inCommitTimestampEnablementVersion` when
   * `delta.enableInCommitTimestamps` is on); undefined when the table does not use them.
   */
  readonly inCommitFrom?: number;
  /** Also return the commitInfo of the newest this-many commits (history; Infinity for all). */
  readonly commitInfoNewest?: number;
}

/** The version from which commits carry in-commit timestamps, per the table's configuration. */
export function inCommitTimestampsFrom(metadata: Metadata): number | undefined {
  const config = metadata.configuration;
  if (config['delta.enableInCommitTimestamps'] !== 'true') return undefined;
  const from = Number(config['delta.inCommitTimestampEnablementVersion'] ?? '0');
  return Number.isSafeInteger(from) && from >= 0 ? from : 0;
}

const PARALLEL_READS = 16;

/**
 * Every listed commit with its effective timestamp, oldest first. Only commits that carry in-commit timestamps, or
 * whose commitInfo was asked for, are read; the others cost nothing beyond the listing.
 */
export async function commitTimestamps(
  logStore: LogStore,
  options: CommitTimestampOptions = {},
): Promise<CommitTimestamp[]> {
  const files = (await listLogFiles(logStore, 0)).filter((f) => f.kind === 'commit');
  if (files.length === 0) throw new TableNotFoundError(logStore.objects.uri);
  const newest = options.commitInfoNewest ?? 0;
  const commitInfoFrom = newest > 0 ? files[Math.max(0, files.length - newest)]!.version : Infinity;
  const readFrom = Math.min(options.inCommitFrom ?? Infinity, commitInfoFrom);
  const toRead = files.filter((f) => f.version >= readFrom);
  const infos = new Map<number, CommitInfo | undefined>();
  for (let i = 0; i < toRead.length; i += PARALLEL_READS) {
    const batch = toRead.slice(i, i + PARALLEL_READS);
    const results = await Promise.all(batch.map((f) => readCommit(logStore.objects, f.version, f.meta.path)));
    results.forEach((actions, j) => {
      const info = actions.find((a) => a.kind === 'commitInfo');
      infos.set(batch[j]!.version, info?.kind === 'commitInfo' ? info.commitInfo : undefined);
    });
  }
  const out: CommitTimestamp[] = [];
  let previous = -Infinity;
  for (const file of files) {
    const commitInfo = infos.get(file.version);
    const inCommit =
      file.version >= (options.inCommitFrom ?? Infinity) ? commitInfo?.inCommitTimestamp : undefined;
    let timestampMs = file.meta.modifiedMs;
    if (typeof inCommit === 'number') timestampMs = inCommit;
    else if (timestampMs <= previous) timestampMs = previous + 1;
    previous = timestampMs;
    const withInfo = commitInfo !== undefined && file.version >= commitInfoFrom;
    out.push({ version: file.version, timestampMs, ...(withInfo ? { commitInfo } : {}) });
  }
  return out;
}

/** The newest version whose commit timestamp is at or before `at`. */
export async function versionAtTimestamp(
  logStore: LogStore,
  at: Date,
  inCommitFrom?: number,
): Promise<number> {
  const table = logStore.objects.uri;
  const ms = at.getTime();
  if (Number.isNaN(ms)) throw new RangeError('time travel timestamp is not a valid date');
  const commits = await commitTimestamps(logStore, inCommitFrom === undefined ? {} : { inCommitFrom });
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
