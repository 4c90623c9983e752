// Runs commit-worker.ts in real OS processes and audits the resulting log: versions contiguous from 0, every file
// whole and parseable, every commit id present exactly once.
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createDynamoDbClient,
  createDynamoDbLogTable,
  openStorage,
  type LogStoreOptions,
  type S3Options,
  type StorageOptions,
} from '../../../../etl/src/lake/storage';
import { TEST_CREDENTIALS, TEST_REGION, awsTestEnv } from '../../../rigs/aws-test-env';
import { startDynalite } from '../../../rigs/dynalite';
import { startS3StandIn, type S3StandIn } from '../../../rigs/s3-standin';
import type { CommitLine, WorkerTask } from './commit-worker';

const COMMIT_WORKER = path.join(__dirname, 'commit-worker.ts');

/** Where the racing writers commit: a temp folder, the S3 stand-in (bucket `lake`) and dynalite. */
export interface ConcurrencyRigs {
  readonly root: string;
  readonly standIn: S3StandIn;
  /** Options for the S3 stand-in. */
  s3(): S3Options;
  /** DynamoDB log-store options for the `delta_log` table on dynalite. */
  dynamo(): LogStoreOptions;
  close(): Promise<void>;
}

/** Starts the rigs; dynalite gets the `delta_log` table (no TTL) up front. */
export async function startConcurrencyRigs(tmpPrefix: string): Promise<ConcurrencyRigs> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), tmpPrefix));
  const standIn = await startS3StandIn({ buckets: ['lake'] });
  const dynalite = await startDynalite();
  const client = createDynamoDbClient({
    endpoint: dynalite.endpoint,
    region: TEST_REGION,
    credentials: TEST_CREDENTIALS,
  });
  await createDynamoDbLogTable(client, 'delta_log', { enableTtl: false });
  client.destroy();
  return {
    root,
    standIn,
    s3: () => ({
      endpoint: standIn.endpoint,
      region: TEST_REGION,
      forcePathStyle: true,
      credentials: TEST_CREDENTIALS,
    }),
    dynamo: () => ({
      kind: 'dynamodb',
      tableName: 'delta_log',
      endpoint: dynalite.endpoint,
      region: TEST_REGION,
      credentials: TEST_CREDENTIALS,
    }),
    close: async () => {
      await standIn.close();
      await dynalite.close();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/** `workers` commit-worker tasks on one table, each committing `commits` 4 KiB payloads as `w<i>`. */
export function commitTasks(
  uri: string,
  options: StorageOptions,
  workers: number,
  commits: number,
): WorkerTask[] {
  return Array.from({ length: workers }, (_, i) => ({
    uri,
    options,
    workerId: `w${i}`,
    commits,
    payloadBytes: 4096,
  }));
}

export interface WorkerOutcome {
  readonly workerId: string;
  /** Commits the worker reported; `noop` marks a write its txn made a no-op (already applied). */
  readonly committed: { commitId: string; version: number; noop?: boolean }[];
  readonly finished: boolean;
  /** Versions this worker found taken by another writer. */
  readonly conflicts: number;
  readonly error?: string;
  readonly signal: NodeJS.Signals | null;
}

/**
 * Forks one process per task, releases them together once all are ready, and waits for them to exit.
 * `killAfterMs(i)` SIGKILLs worker i that long after the start signal (a crash at an arbitrary point).
 */
export async function runWorkers<T extends { workerId: string }>(
  tasks: T[],
  options: { killAfterMs?: (index: number) => number | undefined; worker?: string } = {},
): Promise<WorkerOutcome[]> {
  const worker = options.worker ?? COMMIT_WORKER;
  const children: ChildProcess[] = [];
  const outcomes = tasks.map((task) => ({
    workerId: task.workerId,
    committed: [] as { commitId: string; version: number; noop?: boolean }[],
    finished: false,
    conflicts: 0,
    error: undefined as string | undefined,
    signal: null as NodeJS.Signals | null,
  }));
  try {
    const ready: Promise<void>[] = [];
    const exited: Promise<void>[] = [];
    tasks.forEach((_, i) => {
      const child = fork(worker, [], {
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, ...awsTestEnv() },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      const outcome = outcomes[i]!;
      ready.push(
        new Promise((resolve, reject) => {
          child.once('error', reject);
          child.on(
            'message',
            (message: {
              kind: string;
              commitId?: string;
              version?: number;
              noop?: boolean;
              error?: string;
            }) => {
              if (message.kind === 'ready') resolve();
              if (message.kind === 'committed')
                outcome.committed.push({
                  commitId: message.commitId!,
                  version: message.version!,
                  noop: message.noop === true,
                });
              if (message.kind === 'conflict') outcome.conflicts++;
              if (message.kind === 'done') outcome.finished = true;
              if (message.kind === 'failed') outcome.error = message.error;
            },
          );
        }),
      );
      exited.push(
        new Promise((resolve) =>
          child.once('exit', (_code, signal) => {
            outcome.signal = signal;
            resolve();
          }),
        ),
      );
    });
    await Promise.all(ready);
    children.forEach((child, i) => {
      child.send({ kind: 'go', task: tasks[i] });
      const delay = options.killAfterMs?.(i);
      if (delay !== undefined)
        setTimeout(() => child.pid !== undefined && child.exitCode === null && child.kill('SIGKILL'), delay);
    });
    await Promise.all(exited);
    return outcomes;
  } finally {
    for (const child of children)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

export interface AuditedLog {
  /** Commit ids in version order (index = version). */
  readonly commitIds: string[];
  /** Every path the log store lists. */
  readonly listed: string[];
}

/** Reads the whole log back through a fresh LogStore, failing on any gap, torn file or bad checksum. */
export async function auditLog(uri: string, options: StorageOptions): Promise<AuditedLog> {
  const { logStore } = openStorage(uri, options);
  const listed: string[] = [];
  const commitIds: string[] = [];
  for await (const meta of logStore.listLog(0)) {
    listed.push(meta.path);
    const version = Number(/(\d{20})\.json$/.exec(meta.path)?.[1]);
    if (version !== commitIds.length)
      throw new Error(`${meta.path}: expected version ${commitIds.length} (gap or stray file)`);
    const body = new TextDecoder().decode(await logStore.objects.get(meta.path));
    const lines = body.split('\n');
    if (lines.length !== 2 || lines[1] !== '')
      throw new Error(`${meta.path}: expected one action line ending in \\n`);
    const { commitInfo } = JSON.parse(lines[0]!) as CommitLine;
    if (createHash('sha256').update(commitInfo.payload).digest('hex') !== commitInfo.sha256) {
      throw new Error(`${meta.path}: payload checksum mismatch (torn or mixed write)`);
    }
    commitIds.push(commitInfo.commitId);
  }
  return { commitIds, listed };
}

/** Every id `${worker}:${seq}` for the tasks, sorted. */
export function expectedIds(tasks: WorkerTask[]): string[] {
  return tasks.flatMap((t) => Array.from({ length: t.commits }, (_, seq) => `${t.workerId}:${seq}`)).sort();
}
