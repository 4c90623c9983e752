import pl from 'nodejs-polars';
import { mergeTable } from '../../../../etl/src/lake/operations/merge';
import { writeTable } from '../../../../etl/src/lake/operations/write';
import { type ScratchTable, scratchTable } from './table-fixture';

const frame = (rows: { region: string; id: number; price: number }[]) =>
  pl
    .DataFrame({
      region: rows.map((r) => r.region),
      id: rows.map((r) => r.id),
      price: rows.map((r) => r.price),
    })
    .withColumns(pl.col('id').cast(pl.Int64));

describe('mergeTable', () => {
  let t: ScratchTable;
  beforeEach(async () => {
    t = await scratchTable();
    // Three files: NSW1 ids 1–2, VIC1 ids 10–11, VIC1 ids 20–21 (a second append).
    await writeTable(
      t.ctx,
      frame([
        { region: 'NSW1', id: 1, price: 1 },
        { region: 'NSW1', id: 2, price: 2 },
        { region: 'VIC1', id: 10, price: 10 },
        { region: 'VIC1', id: 11, price: 11 },
      ]),
      { mode: 'append', partitionBy: ['region'] },
    );
    await writeTable(
      t.ctx,
      frame([
        { region: 'VIC1', id: 20, price: 20 },
        { region: 'VIC1', id: 21, price: 21 },
      ]),
      { mode: 'append' },
    );
  });
  afterEach(() => t.cleanup());

  it('updates matched rows and inserts new ones, rewriting only the files holding a matched key', async () => {
    const result = await mergeTable(
      t.ctx,
      frame([
        { region: 'VIC1', id: 11, price: 111 },
        { region: 'VIC1', id: 30, price: 30 },
      ]),
      { on: ['region', 'id'] },
    );
    expect(result).toMatchObject({
      version: 2,
      removedFiles: 1,
      metrics: {
        numSourceRows: 2,
        numTargetRowsUpdated: 1,
        numTargetRowsInserted: 1,
        numTargetRowsCopied: 1,
        numTargetFilesRemoved: 1,
      },
    });
    const lines = await t.commitLines(2);
    expect(lines[0]!.commitInfo).toMatchObject({ operation: 'MERGE', isBlindAppend: false, readVersion: 1 });
    const removed = lines.filter((l) => l.remove).map((l) => String(l.remove!.path));
    const v0Adds = (await t.commitLines(0)).filter((l) => l.add).map((l) => l.add!);
    // Only the VIC1 file of version 0 (ids 10–11) is rewritten; NSW1 and the ids 20–21 file stay.
    expect(removed).toEqual(
      v0Adds.filter((a) => (a.partitionValues as { region: string }).region === 'VIC1').map((a) => a.path),
    );
    expect(await t.rows(['region', 'id'])).toEqual([
      { region: 'NSW1', id: 1, price: 1 },
      { region: 'NSW1', id: 2, price: 2 },
      { region: 'VIC1', id: 10, price: 10 },
      { region: 'VIC1', id: 11, price: 111 },
      { region: 'VIC1', id: 20, price: 20 },
      { region: 'VIC1', id: 21, price: 21 },
      { region: 'VIC1', id: 30, price: 30 },
    ]);
  });

  it('updates every target row holding a matched key, as SQL MERGE does (duplicates stay duplicates)', async () => {
    await writeTable(t.ctx, frame([{ region: 'NSW1', id: 1, price: 5 }]), { mode: 'append' });
    await mergeTable(t.ctx, frame([{ region: 'NSW1', id: 1, price: 77 }]), { on: ['region', 'id'] });
    expect((await t.rows(['id'])).filter((r) => r.id === 1)).toEqual([
      { region: 'NSW1', id: 1, price: 77 },
      { region: 'NSW1', id: 1, price: 77 },
    ]);
  });

  it('with whenMatched ignore only inserts, removing nothing', async () => {
    const result = await mergeTable(
      t.ctx,
      frame([
        { region: 'NSW1', id: 1, price: 100 },
        { region: 'NSW1', id: 3, price: 3 },
      ]),
      { on: ['id'], whenMatched: 'ignore' },
    );
    expect(result).toMatchObject({
      removedFiles: 0,
      addedFiles: 1,
      metrics: { numTargetRowsInserted: 1, numTargetRowsUpdated: 0 },
    });
    expect((await t.rows(['id'])).filter((r) => r.region === 'NSW1')).toEqual([
      { region: 'NSW1', id: 1, price: 1 },
      { region: 'NSW1', id: 2, price: 2 },
      { region: 'NSW1', id: 3, price: 3 },
    ]);
  });

  it('with whenNotMatched ignore only updates', async () => {
    await mergeTable(
      t.ctx,
      frame([
        { region: 'NSW1', id: 2, price: 22 },
        { region: 'NSW1', id: 99, price: 99 },
      ]),
      { on: ['id'], whenNotMatched: 'ignore' },
    );
    expect((await t.rows(['id'])).map((r) => [r.id, r.price])).toEqual([
      [1, 1],
      [2, 22],
      [10, 10],
      [11, 11],
      [20, 20],
      [21, 21],
    ]);
  });

  it('is a no-op when nothing matches and nothing is inserted', async () => {
    expect(
      await mergeTable(t.ctx, frame([{ region: 'NSW1', id: 99, price: 1 }]), {
        on: ['id'],
        whenNotMatched: 'ignore',
      }),
    ).toEqual({ version: 1, noop: true });
  });

  it('refuses duplicate keys in the source and unknown key columns', async () => {
    await expect(
      mergeTable(
        t.ctx,
        frame([
          { region: 'NSW1', id: 1, price: 1 },
          { region: 'NSW1', id: 1, price: 2 },
        ]),
        { on: ['id'] },
      ),
    ).rejects.toThrow(
      `${t.ctx.storage.objects.uri}: cannot merge: 2 source rows share a key with another source row; each target row may match one source row`,
    );
    await expect(
      mergeTable(t.ctx, frame([{ region: 'NSW1', id: 1, price: 1 }]), { on: ['duid'] }),
    ).rejects.toThrow(
      'cannot merge: key column "duid" is not in the source; key column "duid" is not in the table',
    );
  });

  it('prunes candidate files by key stats across many keys (range instead of IN list)', async () => {
    const many = pl
      .DataFrame({
        region: Array(1500).fill('VIC1'),
        id: Array.from({ length: 1500 }, (_, i) => 1000 + i),
        price: Array(1500).fill(1),
      })
      .withColumns(pl.col('id').cast(pl.Int64));
    const result = await mergeTable(t.ctx, many, { on: ['id'] });
    expect(result).toMatchObject({ removedFiles: 0, metrics: { numTargetRowsInserted: 1500 } });
    expect(await t.rows()).toHaveLength(1506);
  });

  it('creates the table from the source when it does not exist yet', async () => {
    const fresh = await scratchTable();
    try {
      expect(
        await mergeTable(fresh.ctx, frame([{ region: 'NSW1', id: 1, price: 1 }]), { on: ['id'] }),
      ).toMatchObject({ version: 0 });
      expect(await fresh.rows()).toEqual([{ region: 'NSW1', id: 1, price: 1 }]);
    } finally {
      await fresh.cleanup();
    }
  });
});
