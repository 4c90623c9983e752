// Snapshot reconstruction from hand-made logs: reconciliation, checkpoints (single, multi-part, incomplete),
// _last_checkpoint handling, gaps, time travel by version and timestamp, and the cost bound after a checkpoint.
import { CorruptLogError } from '../../../../etl/src/lake/errors';
import { VersionNotFoundError } from '../../../../etl/src/lake/log/errors';
import { loadSnapshot } from '../../../../etl/src/lake/log/snapshot';
import { ConditionalPutLogStore, LocalObjectStore } from '../../../../etl/src/lake/storage';
import type { ObjectStore } from '../../../../etl/src/lake/storage/types';
import { LogBuilder, add, checkpointContent, metaData, protocol, remove, v } from './log-builder';

const open = (b: LogBuilder) => new ConditionalPutLogStore(new LocalObjectStore(b.root));
const paths = async (b: LogBuilder, at: { version?: number; timestamp?: Date } = {}) =>
  (await loadSnapshot(open(b), at)).files.map((f) => f.path).sort();

describe('replay', () => {
  it('reconciles adds and removes by decoded path: the newest action wins', async () => {
    const b = new LogBuilder()
      .commit(0, protocol, metaData, add('part=a/f1.parquet'), add('part=a/f%20two.parquet'))
      .commit(1, remove('part=a/f1.parquet'), remove('part=a/f two.parquet'), add('part=a/f3.parquet'))
      .commit(2, add('part=a/f1.parquet'));
    expect(await paths(b)).toEqual(['part=a/f1.parquet', 'part=a/f3.parquet']);
    const snapshot = await loadSnapshot(open(b));
    expect(snapshot.version).toBe(2);
    expect(snapshot.tombstones.map((t) => t.path)).toEqual(['part=a/f two.parquet']);
    expect(await paths(b, { version: 0 })).toEqual(['part=a/f%20two.parquet', 'part=a/f1.parquet']);
  });

  it('ignores unknown actions and unknown fields', async () => {
    const b = new LogBuilder().commit(
      0,
      protocol,
      metaData,
      { futureAction: { anything: 1 } },
      add('part=a/f.parquet', { someNewField: { x: 1 } }),
    );
    expect(await paths(b)).toEqual(['part=a/f.parquet']);
  });

  it('keeps the newest txn version per application id', async () => {
    const b = new LogBuilder()
      .commit(0, protocol, metaData, { txn: { appId: 'bronze', version: 3 } })
      .commit(1, { txn: { appId: 'bronze', version: 4 } }, { txn: { appId: 'silver', version: 1 } });
    const snapshot = await loadSnapshot(open(b));
    expect(snapshot.appTransactionVersion('bronze')).toBe(4);
    expect(snapshot.appTransactionVersion('silver')).toBe(1);
    expect(snapshot.appTransactionVersion('gold')).toBeUndefined();
  });

  it('uses the latest protocol and metaData', async () => {
    const evolved = { metaData: { ...metaData.metaData, configuration: { 'delta.appendOnly': 'true' } } };
    const b = new LogBuilder().commit(0, protocol, metaData).commit(1, evolved);
    expect((await loadSnapshot(open(b))).metadata.configuration).toEqual({ 'delta.appendOnly': 'true' });
  });

  it('names the file and line of a malformed action', async () => {
    const b = new LogBuilder().commit(0, protocol, metaData, { add: { partitionValues: {} } });
    await expect(loadSnapshot(open(b))).rejects.toThrow(
      /_delta_log\/00000000000000000000\.json line 3: add\.path must be a string, found nothing/,
    );
  });

  it('refuses a log without metaData or protocol', async () => {
    await expect(loadSnapshot(open(new LogBuilder().commit(0, protocol)))).rejects.toThrow(
      /no metaData action/,
    );
    await expect(loadSnapshot(open(new LogBuilder().commit(0, metaData)))).rejects.toThrow(
      /no protocol action/,
    );
  });
});

describe('version gaps and missing history', () => {
  it('refuses a gap between commits with CorruptLogError', async () => {
    const b = new LogBuilder().commit(0, protocol, metaData).commit(1).commit(3);
    const error = await loadSnapshot(open(b)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptLogError);
    expect((error as Error).message).toMatch(/commit 2 is missing \(the log jumps to 3\)/);
  });

  it('refuses a log whose commit 0 is gone and which has no checkpoint', async () => {
    const b = new LogBuilder().commit(0, protocol, metaData).commit(1).deleteCommit(0);
    await expect(loadSnapshot(open(b))).rejects.toThrow(/no checkpoint and no commit 0/);
  });

  it('says which versions cannot be reached', async () => {
    const b = new LogBuilder().commit(0, protocol, metaData).commit(1);
    await expect(loadSnapshot(open(b), { version: 5 })).rejects.toThrow(VersionNotFoundError);
    await expect(loadSnapshot(open(b), { version: 5 })).rejects.toThrow(
      /version 5 does not exist; the latest is 1/,
    );
  });
});

describe('checkpoints', () => {
  function tableWithCheckpointAt(version: number): LogBuilder {
    const b = new LogBuilder().commit(0, protocol, metaData, add('part=a/0.parquet'));
    for (let i = 1; i <= version; i++) b.commit(i, add(`part=a/${i}.parquet`));
    return b.checkpoint(
      version,
      checkpointContent(Array.from({ length: version + 1 }, (_, i) => `part=a/${i}.parquet`)),
    );
  }

  it('starts from the checkpoint named by _last_checkpoint and replays the commits after it', async () => {
    const b = tableWithCheckpointAt(3)
      .lastCheckpoint('{"version":3,"size":6}')
      .commit(4, remove('part=a/0.parquet'));
    expect(await paths(b)).toEqual(['part=a/1.parquet', 'part=a/2.parquet', 'part=a/3.parquet']);
  });

  it('needs no commit before the checkpoint (cleaned-up logs)', async () => {
    const b = tableWithCheckpointAt(3).lastCheckpoint('{"version":3}').commit(4, add('part=a/4.parquet'));
    for (const version of [0, 1, 2, 3]) b.deleteCommit(version);
    expect(await paths(b)).toHaveLength(5);
    await expect(loadSnapshot(open(b), { version: 1 })).rejects.toThrow(VersionNotFoundError);
  });

  it('finds a checkpoint without _last_checkpoint, and ignores an unparsable or stale one', async () => {
    for (const hint of [undefined, 'not json', '{"version":1}', '{"version":99}']) {
      const b = tableWithCheckpointAt(3).commit(4, add('part=a/4.parquet'));
      for (const version of [0, 1, 2]) b.deleteCommit(version);
      if (hint !== undefined) b.lastCheckpoint(hint);
      const result = await paths(b).catch((e: unknown) => e);
      expect({ hint, result }).toEqual({
        hint,
        result: expect.arrayContaining(['part=a/4.parquet']) as unknown,
      });
    }
  });

  it('reads a complete multi-part checkpoint and ignores an incomplete newer one', async () => {
    const b = tableWithCheckpointAt(0);
    for (let i = 1; i <= 6; i++) b.commit(i, add(`part=a/${i}.parquet`));
    const first4 = Array.from({ length: 5 }, (_, i) => `part=a/${i}.parquet`);
    b.checkpoint(4, checkpointContent(first4), { parts: 2 });
    b.checkpoint(6, checkpointContent([...first4, 'part=a/5.parquet', 'part=a/6.parquet']), {
      parts: 3,
      only: [1, 3],
    });
    b.lastCheckpoint('{"version":6,"parts":3}');
    for (const version of [0, 1, 2, 3]) b.deleteCommit(version);
    expect(await paths(b)).toEqual(Array.from({ length: 7 }, (_, i) => `part=a/${i}.parquet`).sort());
  });

  it('reads txn versions from a checkpoint', async () => {
    const b = new LogBuilder()
      .commit(0, protocol, metaData)
      .commit(1, { txn: { appId: 'bronze', version: 7 } })
      .checkpoint(1, checkpointContent([], [{ appId: 'bronze', version: 7 }]))
      .deleteCommit(0)
      .deleteCommit(1)
      .commit(2, add('part=a/x.parquet'));
    expect((await loadSnapshot(open(b))).appTransactionVersion('bronze')).toBe(7);
  });

  it('reads nothing from before the last checkpoint, however long the history', async () => {
    const b = tableWithCheckpointAt(60).lastCheckpoint('{"version":60}').commit(61, add('part=a/61.parquet'));
    const reads: string[] = [];
    const listings: string[] = [];
    const objects = new LocalObjectStore(b.root);
    const counting: ObjectStore = {
      uri: objects.uri,
      get: (p) => (reads.push(p), objects.get(p)),
      head: (p) => objects.head(p),
      put: (p, d) => objects.put(p, d),
      putIfAbsent: (p, d) => objects.putIfAbsent(p, d),
      delete: (p) => objects.delete(p),
      list: (prefix, options) => {
        listings.push(options?.startAfter ?? '');
        return objects.list(prefix, options);
      },
    };
    const snapshot = await loadSnapshot(new ConditionalPutLogStore(counting));
    expect(snapshot.files).toHaveLength(62);
    expect(reads.sort()).toEqual([
      `_delta_log/${v(60)}.checkpoint.parquet`,
      `_delta_log/${v(61)}.json`,
      '_delta_log/_last_checkpoint',
    ]);
    expect(listings).toEqual([`_delta_log/${v(60)}`]);
  });
});

describe('time travel by timestamp', () => {
  const t = (iso: string) => new Date(iso);

  it('picks the newest commit at or before the instant, by commit file modification time', async () => {
    const b = new LogBuilder()
      .commit(0, protocol, metaData, add('part=a/0.parquet'))
      .commit(1, add('part=a/1.parquet'))
      .commit(2, add('part=a/2.parquet'))
      .touch(0, t('2024-01-01T00:00:00Z'))
      .touch(1, t('2024-01-02T00:00:00Z'))
      .touch(2, t('2024-01-03T00:00:00Z'));
    const at = async (iso: string) => (await loadSnapshot(open(b), { timestamp: t(iso) })).version;
    expect(await at('2024-01-01T00:00:00Z')).toBe(0);
    expect(await at('2024-01-02T12:00:00Z')).toBe(1);
    expect(await at('2030-01-01T00:00:00Z')).toBe(2);
    await expect(at('2023-12-31T23:59:59Z')).rejects.toThrow(
      /no version at or before 2023-12-31T23:59:59.000Z; the earliest commit \(0\) is at 2024-01-01T00:00:00.000Z/,
    );
  });

  it('keeps versions ordered when a clock stepped back (timestamps made strictly increasing)', async () => {
    const b = new LogBuilder()
      .commit(0, protocol, metaData)
      .commit(1, add('part=a/1.parquet'))
      .touch(0, t('2024-01-02T00:00:00Z'))
      .touch(1, t('2024-01-01T00:00:00Z'));
    expect((await loadSnapshot(open(b), { timestamp: t('2024-01-02T00:00:00.000Z') })).version).toBe(0);
    expect((await loadSnapshot(open(b), { timestamp: t('2024-01-02T00:00:00.001Z') })).version).toBe(1);
  });

  it('uses in-commit timestamps when commits carry them', async () => {
    const ict = (ms: number) => ({
      commitInfo: { inCommitTimestamp: ms, timestamp: ms, operation: 'WRITE' },
    });
    const ictOn = {
      metaData: {
        ...metaData.metaData,
        configuration: {
          'delta.enableInCommitTimestamps': 'true',
          'delta.inCommitTimestampEnablementVersion': '0',
        },
      },
    };
    const b = new LogBuilder()
      .commit(0, ict(Date.UTC(2020, 0, 1)), protocol, ictOn)
      .commit(1, ict(Date.UTC(2020, 0, 2)), add('part=a/1.parquet'))
      .touch(0, t('2024-01-01T00:00:00Z'))
      .touch(1, t('2024-01-01T00:00:00Z'));
    expect((await loadSnapshot(open(b), { timestamp: t('2020-01-01T12:00:00Z') })).version).toBe(0);
    const latest = await loadSnapshot(open(b));
    expect(latest.timestampMs).toBe(Date.UTC(2020, 0, 2));
  });
});
