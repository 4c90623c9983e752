// The commit loop (PROTOCOL.md "Writer Requirements"; note §8): write `_delta_log/<v+1>.json` atomically, and when
// another writer won that version, read the winners and decide by the protocol's rules whether our commit still
// holds. A blind append is retried at the next version with the same data files; anything that read the table
// fails with CommitConflictError when a winner touched what it read, and any metadata or protocol change wins.
import { randomUUID } from 'node:crypto';
import { CommitConflictError } from '../errors';
import {
  type Action,
  type AddFile,
  type Metadata,
  type Protocol,
  type RemoveFile,
  type Txn,
  parseCommit,
} from '../protocol/actions';
import { decodeLogPath } from '../protocol/partition-values';
import { commitPath } from '../storage/log-paths';
import type { LogStore } from '../storage/types';

export const ENGINE_INFO = 'energy-market-delta/0.1.0';

/** What a commit changes. The commitInfo is built here and written first. */
export interface PendingCommit {
  /** Spark's operation names: WRITE, CREATE TABLE, MERGE, DELETE, OPTIMIZE, … */
  readonly operation: string;
  readonly operationParameters?: Readonly<Record<string, unknown>>;
  readonly operationMetrics?: Readonly<Record<string, number>>;
  readonly protocol?: Protocol;
  readonly metaData?: Metadata;
  readonly adds: readonly AddFile[];
  readonly removes: readonly RemoveFile[];
  readonly txn?: Txn;
  /** Caller fields merged into commitInfo (lineage: source file, run id). */
  readonly commitInfo?: Readonly<Record<string, unknown>>;
}

/** What the commit was based on, for conflict detection against winners. */
export interface ReadScope {
  /** The snapshot version the commit was built from; -1 when creating the table. */
  readonly readVersion: number;
  /** An append that read nothing from the table: only metadata, protocol and txn changes conflict with it. */
  readonly isBlindAppend: boolean;
  /**
   * Could this file hold rows the commit read (its partition values and stats match the read predicate)? A winner
   * adding such a file invalidates an overwrite, delete or merge. Undefined means the whole table was read.
   */
  readonly mayHaveRead?: (add: AddFile) => boolean;
  /** URI-decoded paths of files the commit read or removes: a winner removing one of them is a conflict. */
  readonly readPaths?: ReadonlySet<string>;
}

export interface CommitOptions {
  /** How many versions to try before giving up; default 20. */
  readonly maxAttempts?: number;
}

export interface CommittedVersion {
  readonly version: number;
  /** 1 when the first attempt won. */
  readonly attempts: number;
  readonly txnId: string;
}

/** Writes the commit at readVersion + 1, retrying at later versions while the protocol allows it. */
export async function commit(
  logStore: LogStore,
  pending: PendingCommit,
  scope: ReadScope,
  options: CommitOptions = {},
): Promise<CommittedVersion> {
  const table = logStore.objects.uri;
  const maxAttempts = options.maxAttempts ?? 20;
  const txnId = randomUUID();
  let version = scope.readVersion + 1;
  for (let attempt = 1; ; attempt++) {
    const body = encodeCommit(pending, scope, txnId);
    if (await tryWrite(logStore, version, body, txnId)) return { version, attempts: attempt, txnId };
    const winners = await readWinners(logStore, version);
    for (const winner of winners) assertNoConflict(table, pending, scope, winner);
    if (attempt >= maxAttempts) {
      throw new CommitConflictError(
        table,
        version,
        `gave up after ${attempt} attempts: other writers keep committing first; retry later`,
      );
    }
    version = (winners.at(-1)?.version ?? version) + 1;
  }
}

/** True when our commit landed; false when another writer owns `version`. */
async function tryWrite(
  logStore: LogStore,
  version: number,
  body: Uint8Array,
  txnId: string,
): Promise<boolean> {
  try {
    await logStore.writeCommit(version, body);
    return true;
  } catch (error) {
    if (error instanceof CommitConflictError) return false;
    // A failure after the PUT leaves the outcome unknown (note §8 step 5): the file tells whose commit it is.
    const existing = await readCommitText(logStore, version).catch(() => undefined);
    if (existing === undefined) throw error;
    if (existing.includes(`"txnId":"${txnId}"`)) return true;
    return false;
  }
}

interface WinningCommit {
  readonly version: number;
  readonly actions: readonly Action[];
}

/** Commits from `fromVersion` to the latest, in order. */
async function readWinners(logStore: LogStore, fromVersion: number): Promise<WinningCommit[]> {
  const versions: number[] = [];
  for await (const meta of logStore.listLog(fromVersion)) {
    const match = /^(\d{20})\.json$/.exec(meta.path.slice(meta.path.lastIndexOf('/') + 1));
    if (match) versions.push(Number(match[1]));
  }
  if (!versions.includes(fromVersion)) versions.unshift(fromVersion);
  const winners: WinningCommit[] = [];
  for (const version of versions.sort((a, b) => a - b)) {
    const text = await readCommitText(logStore, version);
    const file = commitPath(version);
    winners.push({ version, actions: parseCommit(text, { table: logStore.objects.uri, file, version }) });
  }
  return winners;
}

async function readCommitText(logStore: LogStore, version: number): Promise<string> {
  return new TextDecoder().decode(await logStore.objects.get(commitPath(version)));
}

/** The protocol's conflict rules (note §8 step 3), applied to one winning commit. */
function assertNoConflict(
  table: string,
  pending: PendingCommit,
  scope: ReadScope,
  winner: WinningCommit,
): void {
  const fail = (detail: string): never => {
    throw new CommitConflictError(table, winner.version, detail);
  };
  if (scope.readVersion < 0) fail(`the table was created by another writer at version ${winner.version}`);
  const removedByUs = new Set(pending.removes.map((r) => decodePath(r.path)));
  for (const action of winner.actions) {
    switch (action.kind) {
      case 'protocol':
        fail(`version ${winner.version} changed the protocol; re-read the table and retry`);
        break;
      case 'metaData':
        fail(
          `version ${winner.version} changed the table metadata (schema, partitioning or properties); ` +
            're-read the table and retry',
        );
        break;
      case 'txn':
        if (pending.txn !== undefined && action.txn.appId === pending.txn.appId) {
          fail(
            `application "${action.txn.appId}" committed its version ${action.txn.version} at version ` +
              `${winner.version} concurrently; re-read its recorded version before retrying`,
          );
        }
        break;
      case 'remove': {
        const path = decodePath(action.remove.path);
        if (removedByUs.has(path)) fail(`version ${winner.version} also removed ${path} (concurrent delete)`);
        if (!scope.isBlindAppend && scope.readPaths?.has(path)) {
          fail(`version ${winner.version} removed ${path}, which this commit read (concurrent delete)`);
        }
        break;
      }
      case 'add':
        if (scope.isBlindAppend || !action.add.dataChange) break;
        if (scope.mayHaveRead === undefined || scope.mayHaveRead(action.add)) {
          fail(
            `version ${winner.version} added ${decodePath(action.add.path)} where this commit read ` +
              '(concurrent append); re-read the table and retry',
          );
        }
        break;
      default:
        break;
    }
  }
}

const decodePath = decodeLogPath;

/** The commit file: commitInfo first, then protocol, metaData, txn, removes, adds (one JSON action per line). */
export function encodeCommit(pending: PendingCommit, scope: ReadScope, txnId: string): Uint8Array {
  const commitInfo = {
    timestamp: Date.now(),
    operation: pending.operation,
    operationParameters: pending.operationParameters ?? {},
    ...(scope.readVersion >= 0 ? { readVersion: scope.readVersion } : {}),
    isolationLevel: 'Serializable',
    isBlindAppend: scope.isBlindAppend,
    ...(pending.operationMetrics ? { operationMetrics: stringValues(pending.operationMetrics) } : {}),
    engineInfo: ENGINE_INFO,
    ...pending.commitInfo,
    txnId,
  };
  const lines: string[] = [JSON.stringify({ commitInfo })];
  if (pending.protocol) lines.push(JSON.stringify({ protocol: pending.protocol }));
  if (pending.metaData) lines.push(JSON.stringify({ metaData: pending.metaData }));
  if (pending.txn) lines.push(JSON.stringify({ txn: pending.txn }));
  for (const remove of pending.removes) lines.push(JSON.stringify({ remove }));
  for (const add of pending.adds) lines.push(JSON.stringify({ add }));
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

/** Spark writes operation metrics as strings. */
function stringValues(metrics: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(Object.entries(metrics).map(([key, value]) => [key, String(value)]));
}
