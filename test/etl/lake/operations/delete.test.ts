import pl from 'nodejs-polars';
import { deleteWhere } from '../../../../etl/src/lake/operations/delete';
import { writeTable } from '../../../../etl/src/lake/operations/write';
import { type ScratchTable, scratchTable } from './table-fixture';

describe('deleteWhere', () => {
  let t: ScratchTable;
  beforeEach(async () => {
    t = await scratchTable();
    const df = pl
      .DataFrame({
        region: ['NSW1', 'NSW1', 'VIC1', 'VIC1', 'QLD1'],
        id: [1, 2, 3, 4, 5],
        price: [1, null, 3, 4, 5],
      })
      .withColumns(pl.col('id').cast(pl.Int32));
    await writeTable(t.ctx, df, { mode: 'append', partitionBy: ['region'] });
  });
  afterEach(() => t.cleanup());

  it('removes whole files without reading them when the predicate names partition columns only', async () => {
    const result = await deleteWhere(t.ctx, { column: 'region', op: 'in', values: ['NSW1', 'QLD1'] });
    expect(result).toMatchObject({
      version: 1,
      removedFiles: 2,
      addedFiles: 0,
      metrics: { numDeletedRows: 3 },
    });
    expect((await t.rows(['id'])).map((r) => r.id)).toEqual([3, 4]);
  });

  it('rewrites only the files holding matching rows, keeping the other rows', async () => {
    const result = await deleteWhere(t.ctx, { column: 'id', op: '=', value: 3 });
    expect(result).toMatchObject({
      removedFiles: 1,
      addedFiles: 1,
      metrics: { numDeletedRows: 1, numCopiedRows: 1 },
    });
    const lines = await t.commitLines(1);
    expect(lines[0]!.commitInfo).toMatchObject({ operation: 'DELETE', isBlindAppend: false });
    expect(lines.find((l) => l.remove)!.remove).toMatchObject({
      partitionValues: { region: 'VIC1' },
      dataChange: true,
    });
    expect((await t.rows(['id'])).map((r) => r.id)).toEqual([1, 2, 4, 5]);
  });

  it('keeps rows whose predicate is NULL (SQL semantics)', async () => {
    await deleteWhere(t.ctx, { column: 'price', op: '<', value: 100 });
    expect(await t.rows()).toEqual([{ region: 'NSW1', id: 2, price: null }]);
  });

  it('returns a no-op when nothing matches, without committing', async () => {
    expect(await deleteWhere(t.ctx, { column: 'id', op: '>', value: 100 })).toEqual({
      version: 0,
      noop: true,
      metrics: { numDeletedRows: 0 },
    });
  });

  it('refuses a table that does not exist', async () => {
    const empty = await scratchTable();
    try {
      await expect(deleteWhere(empty.ctx, { column: 'id', op: '=', value: 1 })).rejects.toThrow(
        `${empty.ctx.storage.objects.uri}: not a Delta table (no commits in _delta_log/); check the URI`,
      );
    } finally {
      await empty.cleanup();
    }
  });
});
