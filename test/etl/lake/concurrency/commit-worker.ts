// A writer process for the concurrency tests: commits `commits` entries to one table through the public LogStore,
// retrying at the next version on conflict (a blind append, PROTOCOL.md "Commit Conflicts"). Each commit body carries
// the worker id, a sequence number, a unique commit id and a payload with its SHA-256, so the parent can prove that
// nothing was lost, duplicated or torn. Started with child_process.fork; waits for "go" so all workers race at once.
// With `resume`, commits whose commit id is already in the log are skipped (the exactly-once retry after a crash).
// Imports the storage layer alone (not the whole engine with polars): these processes start often, so keep it cheap.
import { createHash, randomBytes } from 'node:crypto';
import { CommitConflictError } from '../../../../etl/src/lake/errors';
import { commitPath, openStorage, type StorageOptions } from '../../../../etl/src/lake/storage';
import { serveTask } from './worker-protocol';

export interface WorkerTask {
  readonly uri: string;
  readonly options: StorageOptions;
  readonly workerId: string;
  readonly commits: number;
  readonly payloadBytes: number;
  /** Commit ids are `${workerId}:${seq}`; with resume, ids already present are not written again. */
  readonly resume?: boolean;
  /** Negative control: write commits with a plain overwriting put, as a naive writer would. */
  readonly unsafeBlindPut?: boolean;
}

export interface CommitLine {
  commitInfo: { workerId: string; seq: number; commitId: string; payload: string; sha256: string };
}

async function latestVersion(listLog: (from: number) => AsyncIterable<{ path: string }>): Promise<number> {
  let latest = -1;
  for await (const meta of listLog(0)) {
    const match = /(\d{20})\.json$/.exec(meta.path);
    if (match) latest = Math.max(latest, Number(match[1]));
  }
  return latest;
}

async function committedIds(task: WorkerTask): Promise<Set<string>> {
  const { logStore } = openStorage(task.uri, task.options);
  const ids = new Set<string>();
  for await (const meta of logStore.listLog(0)) {
    if (!meta.path.endsWith('.json')) continue;
    const line = JSON.parse(new TextDecoder().decode(await logStore.objects.get(meta.path))) as CommitLine;
    ids.add(line.commitInfo.commitId);
  }
  return ids;
}

async function run(task: WorkerTask): Promise<void> {
  const { logStore } = openStorage(task.uri, task.options);
  const done = task.resume ? await committedIds(task) : new Set<string>();
  let version = (await latestVersion((from) => logStore.listLog(from))) + 1;
  for (let seq = 0; seq < task.commits; seq++) {
    const commitId = `${task.workerId}:${seq}`;
    if (done.has(commitId)) continue;
    const payload = randomBytes(task.payloadBytes / 2).toString('hex');
    const line: CommitLine = {
      commitInfo: {
        workerId: task.workerId,
        seq,
        commitId,
        payload,
        sha256: createHash('sha256').update(payload).digest('hex'),
      },
    };
    const body = new TextEncoder().encode(`${JSON.stringify(line)}\n`);
    for (;;) {
      try {
        if (task.unsafeBlindPut) await logStore.objects.put(commitPath(version), body);
        else await logStore.writeCommit(version, body);
        process.send?.({ kind: 'committed', commitId, version });
        version++;
        break;
      } catch (error) {
        if (!(error instanceof CommitConflictError)) throw error;
        process.send?.({ kind: 'conflict', version });
        version++; // someone else took it: try the next one
      }
    }
  }
}

serveTask(run);
