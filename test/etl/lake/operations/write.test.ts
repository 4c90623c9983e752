import pl from 'nodejs-polars';
import { loadSnapshot } from '../../../../etl/src/lake/log/snapshot';
import { writeTable } from '../../../../etl/src/lake/operations/write';
import { type ScratchTable, scratchTable } from './table-fixture';

const prices = (rows: { region: string; interval: number; price: number }[]) =>
  pl
    .DataFrame({
      region: rows.map((r) => r.region),
      interval: rows.map((r) => r.interval),
      price: rows.map((r) => r.price),
    })
    .withColumns(pl.col('interval').cast(pl.Int64));

describe('writeTable', () => {
  let t: ScratchTable;
  beforeEach(async () => {
    t = await scratchTable();
  });
  afterEach(() => t.cleanup());

  it('creates a (1,2) table with metaData and the data in version 0', async () => {
    const result = await writeTable(t.ctx, prices([{ region: 'NSW1', interval: 1, price: 50.5 }]), {
      mode: 'append',
      partitionBy: ['region'],
    });
    expect(result).toMatchObject({ version: 0, addedFiles: 1 });
    const lines = await t.commitLines(0);
    expect(lines.map((l) => Object.keys(l)[0])).toEqual(['commitInfo', 'protocol', 'metaData', 'add']);
    expect(lines[1]!.protocol).toEqual({ minReaderVersion: 1, minWriterVersion: 2 });
    expect(lines[2]!.metaData).toMatchObject({
      format: { provider: 'parquet', options: {} },
      partitionColumns: ['region'],
      configuration: {},
      schemaString:
        '{"type":"struct","fields":[{"name":"region","type":"string","nullable":true,"metadata":{}},' +
        '{"name":"interval","type":"long","nullable":true,"metadata":{}},' +
        '{"name":"price","type":"double","nullable":true,"metadata":{}}]}',
    });
    expect(lines[2]!.metaData!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines[3]!.add).toMatchObject({ partitionValues: { region: 'NSW1' }, dataChange: true });
    expect(String(lines[3]!.add!.path)).toMatch(
      /^region=NSW1\/part-00000-[0-9a-f-]{36}-c000\.snappy\.parquet$/,
    );
    expect(await t.rows()).toEqual([{ region: 'NSW1', interval: 1, price: 50.5 }]);
  });

  it('appends blind, casting JS numbers to the table types', async () => {
    await writeTable(t.ctx, prices([{ region: 'NSW1', interval: 1, price: 1 }]), { mode: 'append' });
    const result = await writeTable(t.ctx, pl.DataFrame({ region: ['VIC1'], interval: [2], price: [2] }), {
      mode: 'append',
    });
    expect(result).toMatchObject({ version: 1, addedFiles: 1, removedFiles: 0 });
    expect((await t.commitLines(1))[0]!.commitInfo).toMatchObject({
      operation: 'WRITE',
      isBlindAppend: true,
      readVersion: 0,
    });
    expect(await t.rows(['interval'])).toEqual([
      { region: 'NSW1', interval: 1, price: 1 },
      { region: 'VIC1', interval: 2, price: 2 },
    ]);
  });

  it('refuses data that does not fit the schema, listing every problem', async () => {
    await writeTable(t.ctx, prices([{ region: 'NSW1', interval: 1, price: 1 }]), { mode: 'append' });
    const bad = pl.DataFrame({ region: [1], interval: [1.5], Price: [2], extra: ['x'] });
    await expect(writeTable(t.ctx, bad, { mode: 'append' })).rejects.toThrow(
      `${t.ctx.storage.objects.uri}: the data does not match the table schema:\n` +
        '  1. column "Price" differs from the table\'s "price" only in case; rename it\n' +
        '  2. column "extra" is not in the table schema; pass schemaMode \'merge\' to add it\n' +
        '  3. column "region": has type double but the table declares string; type changes need a rewrite of the table\n' +
        '  4. column "interval": has type double but the table declares long, and holds non-integral or out-of-range values',
    );
  });

  it('overwrites the whole table: every live file removed, new data added, one commit', async () => {
    await writeTable(t.ctx, prices([{ region: 'NSW1', interval: 1, price: 1 }]), {
      mode: 'append',
      partitionBy: ['region'],
    });
    await writeTable(t.ctx, prices([{ region: 'VIC1', interval: 1, price: 2 }]), { mode: 'append' });
    const result = await writeTable(t.ctx, prices([{ region: 'QLD1', interval: 9, price: 3 }]), {
      mode: 'overwrite',
    });
    expect(result).toMatchObject({ version: 2, addedFiles: 1, removedFiles: 2 });
    const removes = (await t.commitLines(2)).filter((l) => l.remove).map((l) => l.remove!);
    expect(removes).toHaveLength(2);
    expect(removes[0]).toMatchObject({ dataChange: true, extendedFileMetadata: true });
    expect(await t.rows()).toEqual([{ region: 'QLD1', interval: 9, price: 3 }]);
    expect(await t.rows(['region'], 1)).toHaveLength(2); // time travel still sees the old files
  });

  it('replaces only the partitions replaceWhere selects', async () => {
    await writeTable(
      t.ctx,
      prices([
        { region: 'NSW1', interval: 1, price: 1 },
        { region: 'VIC1', interval: 1, price: 2 },
      ]),
      { mode: 'append', partitionBy: ['region'] },
    );
    await writeTable(t.ctx, prices([{ region: 'NSW1', interval: 2, price: 10 }]), {
      mode: 'overwrite',
      replaceWhere: { column: 'region', op: '=', value: 'NSW1' },
    });
    expect(await t.rows(['region'])).toEqual([
      { region: 'NSW1', interval: 2, price: 10 },
      { region: 'VIC1', interval: 1, price: 2 },
    ]);
  });

  it('refuses replaceWhere rows outside the predicate and predicates on data columns', async () => {
    await writeTable(t.ctx, prices([{ region: 'NSW1', interval: 1, price: 1 }]), {
      mode: 'append',
      partitionBy: ['region'],
    });
    await expect(
      writeTable(t.ctx, prices([{ region: 'VIC1', interval: 2, price: 10 }]), {
        mode: 'overwrite',
        replaceWhere: { column: 'region', op: '=', value: 'NSW1' },
      }),
    ).rejects.toThrow(
      `${t.ctx.storage.objects.uri}: 1 of 1 new rows do not satisfy replaceWhere; they would land outside the ` +
        'replaced partitions. Filter the data or widen the condition.',
    );
    await expect(
      writeTable(t.ctx, prices([{ region: 'NSW1', interval: 2, price: 10 }]), {
        mode: 'overwrite',
        replaceWhere: { column: 'price', op: '>', value: 5 },
      }),
    ).rejects.toThrow(
      `${t.ctx.storage.objects.uri}: replaceWhere may use partition columns only (region); it names "price". ` +
        'Use delete then append for a data-column condition.',
    );
  });

  it('adds new nullable columns with schemaMode merge; older rows read them as null', async () => {
    await writeTable(t.ctx, prices([{ region: 'NSW1', interval: 1, price: 1 }]), { mode: 'append' });
    const wider = prices([{ region: 'VIC1', interval: 2, price: 2 }]).withColumn(
      pl.lit('firm').alias('note'),
    );
    await expect(writeTable(t.ctx, wider, { mode: 'append' })).rejects.toThrow(
      /column "note" is not in the table schema/,
    );
    const result = await writeTable(t.ctx, wider, { mode: 'append', schemaMode: 'merge' });
    expect((await t.commitLines(result.version)).map((l) => Object.keys(l)[0])).toEqual([
      'commitInfo',
      'metaData',
      'add',
    ]);
    expect(await t.rows(['interval'])).toEqual([
      { region: 'NSW1', interval: 1, price: 1, note: null },
      { region: 'VIC1', interval: 2, price: 2, note: 'firm' },
    ]);
  });

  it('refuses type changes even with schemaMode merge', async () => {
    await writeTable(t.ctx, prices([{ region: 'NSW1', interval: 1, price: 1 }]), { mode: 'append' });
    const changed = pl.DataFrame({ region: ['NSW1'], interval: ['one'], price: [1] });
    await expect(writeTable(t.ctx, changed, { mode: 'append', schemaMode: 'merge' })).rejects.toThrow(
      'column "interval": has type string but the table declares long; type changes need a rewrite of the table',
    );
  });

  it('skips a txn version already recorded for the application (idempotent retry)', async () => {
    const df = prices([{ region: 'NSW1', interval: 1, price: 1 }]);
    const first = await writeTable(t.ctx, df, {
      mode: 'append',
      txn: { appId: 'bronze-loader', version: 7 },
    });
    expect((await t.commitLines(first.version)).find((l) => l.txn)!.txn).toMatchObject({
      appId: 'bronze-loader',
      version: 7,
    });
    expect(
      await writeTable(t.ctx, df, { mode: 'append', txn: { appId: 'bronze-loader', version: 7 } }),
    ).toEqual({
      version: 0,
      noop: true,
    });
    expect(
      await writeTable(t.ctx, df, { mode: 'append', txn: { appId: 'bronze-loader', version: 3 } }),
    ).toEqual({
      version: 0,
      noop: true,
    });
    const next = await writeTable(t.ctx, df, { mode: 'append', txn: { appId: 'bronze-loader', version: 8 } });
    expect(next).toMatchObject({ version: 1 });
    expect((await loadSnapshot(t.ctx.storage.logStore)).appTransactionVersion('bronze-loader')).toBe(8);
    expect(await t.rows()).toHaveLength(2);
  });

  it('honours delta.appendOnly: appends pass, overwrites are refused', async () => {
    const df = prices([{ region: 'NSW1', interval: 1, price: 1 }]);
    await writeTable(t.ctx, df, { mode: 'append', configuration: { 'delta.appendOnly': 'true' } });
    await writeTable(t.ctx, df, { mode: 'append' });
    await expect(writeTable(t.ctx, df, { mode: 'overwrite' })).rejects.toThrow(
      `${t.ctx.storage.objects.uri}: cannot overwrite: the table is append-only (delta.appendOnly=true); only appends are allowed`,
    );
  });

  it('refuses a partitionBy that differs from the table', async () => {
    const df = prices([{ region: 'NSW1', interval: 1, price: 1 }]);
    await writeTable(t.ctx, df, { mode: 'append', partitionBy: ['region'] });
    await expect(writeTable(t.ctx, df, { mode: 'append', partitionBy: ['interval'] })).rejects.toThrow(
      "partitionBy [interval] differs from the table's partition columns [region]; repartitioning needs a new table",
    );
  });

  it('splits large writes into files of maxRowsPerFile and writes zstd when asked', async () => {
    const df = pl.DataFrame({ x: Array.from({ length: 25 }, (_, i) => i) });
    const result = await writeTable(t.ctx, df, { mode: 'append', maxRowsPerFile: 10, compression: 'zstd' });
    expect(result.addedFiles).toBe(3);
    const adds = (await t.commitLines(0)).filter((l) => l.add).map((l) => l.add!);
    expect(adds.map((a) => JSON.parse(String(a.stats)).numRecords)).toEqual([10, 10, 5]);
    expect(String(adds[0]!.path)).toMatch(/\.zstd\.parquet$/);
    expect((await t.rows(['x'])).map((r) => r.x)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });
});

describe('writeTable racing to create a table', () => {
  it('appends into the table another writer created first', async () => {
    const t = await scratchTable();
    try {
      const df = pl.DataFrame({ x: [1] });
      const [a, b] = await Promise.all([
        writeTable(t.ctx, df, { mode: 'append' }),
        writeTable(t.ctx, df, { mode: 'append' }),
      ]);
      expect([a.version, b.version].sort()).toEqual([0, 1]);
      expect(await t.rows()).toEqual([{ x: 1 }, { x: 1 }]);
    } finally {
      await t.cleanup();
    }
  });
});

describe('writeTable with an empty frame', () => {
  let t: ScratchTable;
  beforeEach(async () => {
    t = await scratchTable();
  });
  afterEach(() => t.cleanup());

  it('creates the table without data files, then appends nothing unless a txn is to be recorded', async () => {
    const empty = pl.DataFrame({ x: [] as number[] }).withColumns(pl.col('x').cast(pl.Int64));
    expect(await writeTable(t.ctx, empty, { mode: 'append' })).toMatchObject({ version: 0, addedFiles: 0 });
    expect(await writeTable(t.ctx, empty, { mode: 'append' })).toEqual({ version: 0, noop: true });
    const recorded = await writeTable(t.ctx, empty, { mode: 'append', txn: { appId: 'loader', version: 1 } });
    expect(recorded).toMatchObject({ version: 1, addedFiles: 0 });
    expect((await t.commitLines(1)).map((l) => Object.keys(l)[0])).toEqual(['commitInfo', 'txn']);
    expect(await t.rows()).toEqual([]);
  });

  it('overwrites the table with nothing, removing every file', async () => {
    await writeTable(t.ctx, pl.DataFrame({ x: [1, 2] }), { mode: 'append' });
    const result = await writeTable(t.ctx, pl.DataFrame({ x: [] as number[] }), { mode: 'overwrite' });
    expect(result).toMatchObject({ version: 1, addedFiles: 0, removedFiles: 1 });
    expect(await t.rows()).toEqual([]);
  });
});
