import pl from 'nodejs-polars';
import type { AddFile } from '../../../../etl/src/lake/protocol/actions';
import { optimizeTable, planBins } from '../../../../etl/src/lake/operations/optimize';
import { writeTable } from '../../../../etl/src/lake/operations/write';
import { loadSnapshot } from '../../../../etl/src/lake/log/snapshot';
import { type ScratchTable, scratchTable } from './table-fixture';

const file = (path: string, size: number, region = 'NSW1'): AddFile => ({
  path,
  size,
  partitionValues: { region },
  modificationTime: 0,
  dataChange: true,
});

describe('planBins', () => {
  it('packs small files of one partition into bins up to the target, leaving big files and singletons', () => {
    const bins = planBins(
      [file('a', 60), file('b', 50), file('c', 40), file('d', 30), file('big', 200), file('e', 10, 'VIC1')],
      100,
    );
    expect(bins.map((b) => b.map((f) => f.path))).toEqual([
      ['a', 'c'],
      ['b', 'd'],
    ]);
  });
});

describe('optimizeTable', () => {
  let t: ScratchTable;
  beforeEach(async () => {
    t = await scratchTable();
    for (let i = 0; i < 4; i++) {
      const df = pl
        .DataFrame({ region: ['NSW1', 'NSW1'], seq: [2 * i, 2 * i + 1] })
        .withColumns(pl.col('seq').cast(pl.Int64));
      await writeTable(t.ctx, df, { mode: 'append', partitionBy: ['region'] });
    }
    await writeTable(t.ctx, pl.DataFrame({ region: ['VIC1'], seq: [100] }), { mode: 'append' });
  });
  afterEach(() => t.cleanup());

  it('compacts the small files of each partition into one, with dataChange false, and keeps every row', async () => {
    const before = await t.rows(['seq']);
    const result = await optimizeTable(t.ctx);
    expect(result).toMatchObject({ version: 5, removedFiles: 4, addedFiles: 1 });
    const lines = await t.commitLines(5);
    expect(lines[0]!.commitInfo).toMatchObject({ operation: 'OPTIMIZE', isBlindAppend: false });
    expect(lines.filter((l) => l.remove).every((l) => l.remove!.dataChange === false)).toBe(true);
    expect(lines.filter((l) => l.add).map((l) => l.add!.dataChange)).toEqual([false]);
    expect(JSON.parse(String(lines.find((l) => l.add)!.add!.stats))).toMatchObject({
      numRecords: 8,
      minValues: { seq: 0 },
      maxValues: { seq: 7 },
    });
    expect(await t.rows(['seq'])).toEqual(before);
    expect((await loadSnapshot(t.ctx.storage.logStore)).files).toHaveLength(2);
  });

  it('with dryRun reports the plan and commits nothing', async () => {
    expect(await optimizeTable(t.ctx, { dryRun: true })).toMatchObject({
      version: 4,
      noop: true,
      metrics: { numRemovedFiles: 4, bins: 1 },
    });
    expect((await loadSnapshot(t.ctx.storage.logStore)).version).toBe(4);
  });

  it('compacts only the partitions "where" selects, and refuses data columns there', async () => {
    for (let i = 0; i < 2; i++)
      await writeTable(t.ctx, pl.DataFrame({ region: ['VIC1'], seq: [200 + i] }), { mode: 'append' });
    const result = await optimizeTable(t.ctx, { where: { column: 'region', op: '=', value: 'VIC1' } });
    expect(result).toMatchObject({ removedFiles: 3, addedFiles: 1 });
    const live = (await loadSnapshot(t.ctx.storage.logStore)).files
      .map((f) => f.partitionValues.region)
      .sort();
    expect(live).toEqual(['NSW1', 'NSW1', 'NSW1', 'NSW1', 'VIC1']);
    await expect(optimizeTable(t.ctx, { where: { column: 'seq', op: '>', value: 1 } })).rejects.toThrow(
      `${t.ctx.storage.objects.uri}: optimize "where" may use partition columns only (region); it names "seq"`,
    );
  });

  it('returns undefined when there is nothing left to compact', async () => {
    await optimizeTable(t.ctx);
    expect(await optimizeTable(t.ctx)).toBeUndefined();
  });

  it('leaves files at or above the target size alone', async () => {
    expect(await optimizeTable(t.ctx, { targetSizeBytes: 1 })).toBeUndefined();
  });
});
