import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommitConflictError } from '../../../../etl/src/lake/errors';
import type { AddFile } from '../../../../etl/src/lake/protocol/actions';
import { ConditionalPutLogStore, LocalObjectStore } from '../../../../etl/src/lake/storage';
import { commit, type PendingCommit } from '../../../../etl/src/lake/write/commit';

const metaData = {
  id: 'table-id',
  format: { provider: 'parquet', options: {} },
  schemaString: '{"type":"struct","fields":[]}',
  partitionColumns: ['region'],
  configuration: {},
};
const add = (name: string, region: string): AddFile => ({
  path: `region=${region}/${name}.parquet`,
  partitionValues: { region },
  size: 10,
  modificationTime: 1,
  dataChange: true,
});
const append = (...adds: AddFile[]): PendingCommit => ({ operation: 'WRITE', adds, removes: [] });

describe('commit', () => {
  let root: string;
  let logStore: ConditionalPutLogStore;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'lake-commit-'));
    logStore = new ConditionalPutLogStore(new LocalObjectStore(root, { durable: false }));
    await commit(
      logStore,
      {
        operation: 'CREATE TABLE',
        protocol: { minReaderVersion: 1, minWriterVersion: 2 },
        metaData,
        adds: [],
        removes: [],
      },
      { readVersion: -1, isBlindAppend: true },
    );
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  const readLines = async (version: number) =>
    (await fs.readFile(path.join(root, '_delta_log', `${String(version).padStart(20, '0')}.json`), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, Record<string, unknown>>);

  it('writes commitInfo first, then the actions, one JSON object per line', async () => {
    const result = await commit(
      logStore,
      { ...append(add('a', 'NSW1')), txn: { appId: 'loader', version: 4 }, commitInfo: { source: 'x.zip' } },
      { readVersion: 0, isBlindAppend: true },
    );
    expect(result).toMatchObject({ version: 1, attempts: 1 });
    const lines = await readLines(1);
    expect(lines.map((line) => Object.keys(line)[0])).toEqual(['commitInfo', 'txn', 'add']);
    expect(lines[0]!.commitInfo).toMatchObject({
      operation: 'WRITE',
      readVersion: 0,
      isBlindAppend: true,
      source: 'x.zip',
      txnId: result.txnId,
    });
  });

  it('retries a blind append at the next version when another append won', async () => {
    await commit(logStore, append(add('winner', 'NSW1')), { readVersion: 0, isBlindAppend: true });
    const result = await commit(logStore, append(add('late', 'NSW1')), {
      readVersion: 0,
      isBlindAppend: true,
    });
    expect(result).toMatchObject({ version: 2, attempts: 2 });
    expect((await readLines(2))[1]!.add).toMatchObject({ path: 'region=NSW1/late.parquet' });
  });

  it('fails when a winner changed the metadata', async () => {
    await commit(
      logStore,
      { ...append(), metaData: { ...metaData, configuration: { a: 'b' } } },
      { readVersion: 0, isBlindAppend: false },
    );
    const error = await commit(logStore, append(add('late', 'NSW1')), {
      readVersion: 0,
      isBlindAppend: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as Error).message).toBe(
      `${logStore.objects.uri}: commit 1 conflicts: version 1 changed the table metadata (schema, partitioning or ` +
        'properties); re-read the table and retry',
    );
  });

  it('fails an overwrite when a winner appended to a partition it read, and retries when elsewhere', async () => {
    const overwrite: PendingCommit = {
      operation: 'WRITE',
      adds: [add('new', 'NSW1')],
      removes: [{ path: 'region=NSW1/old.parquet', dataChange: true }],
    };
    const scope = {
      readVersion: 0,
      isBlindAppend: false,
      mayHaveRead: (file: AddFile) => file.partitionValues.region === 'NSW1',
    };
    await commit(logStore, append(add('other', 'VIC1')), { readVersion: 0, isBlindAppend: true });
    expect(await commit(logStore, overwrite, scope)).toMatchObject({ version: 2, attempts: 2 });

    await commit(logStore, append(add('same', 'NSW1')), { readVersion: 2, isBlindAppend: true });
    const error = await commit(logStore, overwrite, { ...scope, readVersion: 2 }).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `${logStore.objects.uri}: commit 3 conflicts: version 3 added region=NSW1/same.parquet where this commit ` +
        'read (concurrent append); re-read the table and retry',
    );
  });

  it('fails when a winner removed a file this commit read', async () => {
    await commit(
      logStore,
      { operation: 'DELETE', adds: [], removes: [{ path: 'region=QLD1/x.parquet', dataChange: true }] },
      { readVersion: 0, isBlindAppend: false },
    );
    const error = await commit(
      logStore,
      { operation: 'MERGE', adds: [add('y', 'NSW1')], removes: [] },
      {
        readVersion: 0,
        isBlindAppend: false,
        mayHaveRead: () => false,
        readPaths: new Set(['region=QLD1/x.parquet']),
      },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /version 1 removed region=QLD1\/x.parquet, which this commit read/,
    );
  });

  it('fails when the same application id committed concurrently', async () => {
    await commit(
      logStore,
      { ...append(), txn: { appId: 'loader', version: 1 } },
      { readVersion: 0, isBlindAppend: true },
    );
    const error = await commit(
      logStore,
      { ...append(add('a', 'NSW1')), txn: { appId: 'loader', version: 1 } },
      { readVersion: 0, isBlindAppend: true },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `${logStore.objects.uri}: commit 1 conflicts: application "loader" committed its version 1 at version 1 ` +
        'concurrently; re-read its recorded version before retrying',
    );
  });

  it('fails when another writer created the table first', async () => {
    const error = await commit(
      logStore,
      {
        operation: 'CREATE TABLE',
        metaData,
        protocol: { minReaderVersion: 1, minWriterVersion: 2 },
        adds: [],
        removes: [],
      },
      { readVersion: -1, isBlindAppend: true },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `${logStore.objects.uri}: commit 0 conflicts: the table was created by another writer at version 0`,
    );
  });

  it('treats a commit whose write errored but landed as committed (unknown outcome resolved by txnId)', async () => {
    const flaky = {
      objects: logStore.objects,
      listLog: (from: number) => logStore.listLog(from),
      writeCommit: async (version: number, body: Uint8Array) => {
        await logStore.writeCommit(version, body);
        throw new Error('socket hang up');
      },
    };
    expect(
      await commit(flaky, append(add('a', 'NSW1')), { readVersion: 0, isBlindAppend: true }),
    ).toMatchObject({
      version: 1,
      attempts: 1,
    });
  });

  it('gives up after maxAttempts', async () => {
    await commit(logStore, append(add('w1', 'NSW1')), { readVersion: 0, isBlindAppend: true });
    await commit(logStore, append(add('w2', 'NSW1')), { readVersion: 1, isBlindAppend: true });
    const error = await commit(
      logStore,
      append(add('late', 'NSW1')),
      { readVersion: 0, isBlindAppend: true },
      { maxAttempts: 1 },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `${logStore.objects.uri}: commit 1 conflicts: gave up after 1 attempts: other writers keep committing first; retry later`,
    );
  });
});
