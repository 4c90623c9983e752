import { DuckDBInstance } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import pl from 'nodejs-polars';
import { loadSnapshot, type Snapshot } from '../../../../etl/src/lake/log/snapshot';
import { writeCheckpoint } from '../../../../etl/src/lake/operations/checkpoint';
import { writeTable } from '../../../../etl/src/lake/operations/write';
import { type ScratchTable, scratchTable } from './table-fixture';

const state = (s: Snapshot) => ({
  version: s.version,
  protocol: s.protocol,
  metadata: s.metadata,
  files: [...s.files].sort((a, b) => (a.path < b.path ? -1 : 1)),
  tombstones: s.tombstones.map((r) => r.path).sort(),
  txns: Object.fromEntries([...s.appTransactions].map(([k, v]) => [k, v.version])),
});

describe('checkpoints', () => {
  let t: ScratchTable;
  beforeEach(async () => {
    t = await scratchTable();
  });
  afterEach(() => t.cleanup());

  async function build(versions: number): Promise<void> {
    for (let v = 0; v < versions; v++) {
      const df = pl
        .DataFrame({ region: [v % 2 === 0 ? 'NSW1' : 'VIC1'], v: [v] })
        .withColumns(pl.col('v').cast(pl.Int64));
      await writeTable(t.ctx, df, {
        mode: v === 2 ? 'overwrite' : 'append',
        partitionBy: ['region'],
        txn: { appId: 'loader', version: v },
        configuration: { 'delta.checkpointInterval': '3' },
      });
    }
  }

  it('writes one every delta.checkpointInterval commits, with _last_checkpoint', async () => {
    await build(4);
    const names = await fs.readdir(path.join(t.root, '_delta_log'));
    expect(names.filter((n) => n.includes('checkpoint')).sort()).toEqual([
      '00000000000000000003.checkpoint.parquet',
      '_last_checkpoint',
    ]);
    const hint = JSON.parse(await fs.readFile(path.join(t.root, '_delta_log', '_last_checkpoint'), 'utf8'));
    const stat = await fs.stat(path.join(t.root, '_delta_log', '00000000000000000003.checkpoint.parquet'));
    // protocol + metaData + 1 txn + 2 live adds + 2 tombstones from the overwrite
    expect(hint).toEqual({ version: 3, size: 7, sizeInBytes: stat.size, numOfAddFiles: 2 });
  });

  it('reconstructs the same state from the checkpoint as from the JSON commits', async () => {
    await build(3);
    const fromJson = state(await loadSnapshot(t.ctx.storage.logStore));
    await writeCheckpoint(t.ctx);
    // Drop the commits the checkpoint covers: the snapshot can only come from the checkpoint now.
    for (const v of [0, 1])
      await fs.rm(path.join(t.root, '_delta_log', `${String(v).padStart(20, '0')}.json`));
    const fromCheckpoint = state(await loadSnapshot(t.ctx.storage.logStore));
    expect(fromCheckpoint).toEqual(fromJson);
    expect(await t.rows()).toEqual([{ region: 'NSW1', v: 2 }]);
  });

  it('is readable by hyparquet, polars and DuckDB with the Spark checkpoint columns', async () => {
    await build(4);
    const file = path.join(t.root, '_delta_log', '00000000000000000003.checkpoint.parquet');
    const bytes = await fs.readFile(file);
    const rows = await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer,
    });
    expect(
      rows.filter((r) => r.add).map((r) => (r.add as { partitionValues: unknown }).partitionValues),
    ).toEqual([{ region: 'NSW1' }, { region: 'VIC1' }]);
    expect(rows.filter((r) => r.txn).map((r) => r.txn)).toEqual([
      expect.objectContaining({ appId: 'loader', version: 3n }),
    ]);
    const df = pl.readParquet(file);
    expect(df.columns).toEqual(['txn', 'add', 'remove', 'metaData', 'protocol']);
    expect(df.height).toBe(7);
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const result = await connection.runAndReadAll(
      `select count(add) as adds, count(remove) as removes, count(txn) as txns,
              max(protocol.minWriterVersion) as writer, max(metaData.partitionColumns[1]) as partition
       from read_parquet('${file}')`,
    );
    expect(result.getRowObjectsJson()).toEqual([
      { adds: '2', removes: '2', txns: '1', writer: 2, partition: 'region' },
    ]);
    connection.closeSync();
  });

  it('leaves expired tombstones out', async () => {
    await writeTable(t.ctx, pl.DataFrame({ x: [1] }), {
      mode: 'append',
      configuration: { 'delta.deletedFileRetentionDuration': 'interval 1 second' },
    });
    await writeTable(t.ctx, pl.DataFrame({ x: [2] }), { mode: 'overwrite' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await writeCheckpoint(t.ctx);
    const df = pl.readParquet(path.join(t.root, '_delta_log', '00000000000000000001.checkpoint.parquet'));
    expect(df.height).toBe(3); // protocol, metaData, the live add
  });

  it('deletes log files older than delta.logRetentionDuration below the newest expired checkpoint', async () => {
    for (let v = 0; v < 8; v++) {
      const df = pl.DataFrame({ v: [v] }).withColumns(pl.col('v').cast(pl.Int64));
      await writeTable(t.ctx, df, { mode: 'append', configuration: { 'delta.checkpointInterval': '3' } });
    }
    const log = path.join(t.root, '_delta_log');
    const name = (v: number, suffix = 'json') => `${String(v).padStart(20, '0')}.${suffix}`;
    const old = new Date(Date.now() - 40 * 86_400_000);
    for (const file of [0, 1, 2, 3, 4].map((v) => name(v)).concat(name(3, 'checkpoint.parquet'))) {
      await fs.utimes(path.join(log, file), old, old);
    }
    await writeCheckpoint(t.ctx);
    const left = (await fs.readdir(log)).filter((n) => /^\d{20}\./.test(n)).sort();
    expect(left).toEqual([
      name(3, 'checkpoint.parquet'),
      name(3),
      name(4),
      name(5),
      name(6, 'checkpoint.parquet'),
      name(6),
      name(7, 'checkpoint.parquet'),
      name(7),
    ]);
    expect((await t.rows(['v'])).map((r) => r.v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect((await t.rows(['v'], 3)).map((r) => r.v)).toEqual([0, 1, 2, 3]);
    await expect(t.rows(['v'], 1)).rejects.toThrow();
  });

  it('keeps every log file when delta.enableExpiredLogCleanup is false', async () => {
    for (let v = 0; v < 4; v++) {
      await writeTable(t.ctx, pl.DataFrame({ v: [v] }), {
        mode: 'append',
        configuration: { 'delta.checkpointInterval': '3', 'delta.enableExpiredLogCleanup': 'false' },
      });
    }
    const log = path.join(t.root, '_delta_log');
    const old = new Date(Date.now() - 40 * 86_400_000);
    for (const file of await fs.readdir(log)) await fs.utimes(path.join(log, file), old, old);
    await writeCheckpoint(t.ctx);
    expect((await fs.readdir(log)).filter((n) => n.endsWith('.json'))).toHaveLength(4);
  });
});
