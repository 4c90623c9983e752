import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { RetentionTooShortError } from '../../../../etl/src/lake/write/errors';
import { vacuumTable } from '../../../../etl/src/lake/operations/vacuum';
import { writeTable } from '../../../../etl/src/lake/operations/write';
import { type ScratchTable, scratchTable } from './table-fixture';

const DAY_MS = 86_400_000;

async function age(file: string, days: number): Promise<void> {
  const when = new Date(Date.now() - days * DAY_MS);
  await fs.utimes(file, when, when);
}

describe('vacuumTable', () => {
  let t: ScratchTable;
  let replaced: string; // the file removed by the overwrite
  let live: string;
  beforeEach(async () => {
    t = await scratchTable();
    await writeTable(t.ctx, pl.DataFrame({ _p: ['a'], x: [1] }), { mode: 'append', partitionBy: ['_p'] });
    replaced = decodeURIComponent(String((await t.commitLines(0)).find((l) => l.add)!.add!.path));
    await writeTable(t.ctx, pl.DataFrame({ _p: ['a'], x: [2] }), { mode: 'overwrite' });
    live = decodeURIComponent(String((await t.commitLines(1)).find((l) => l.add)!.add!.path));
  });
  afterEach(() => t.cleanup());

  it('refuses a retention shorter than the table threshold, saying why and how to override', async () => {
    const error = await vacuumTable(t.ctx, { retentionHours: 24 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetentionTooShortError);
    expect((error as Error).message).toBe(
      `${t.ctx.storage.objects.uri}: refusing to vacuum with a retention of 24 h, shorter than 168 h ` +
        '(delta.deletedFileRetentionDuration): it would delete files that running readers and time travel still ' +
        'need. Pass force: true (CLI: --allow-short-retention) only when no reader or writer uses older versions.',
    );
  });

  it('keeps a removed file while its tombstone is within the retention, even when the file is old', async () => {
    await age(path.join(t.root, replaced), 30);
    expect(await vacuumTable(t.ctx)).toEqual([]);
  });

  it('deletes untracked files older than the retention, keeping recent ones and hidden paths', async () => {
    await fs.writeFile(path.join(t.root, '_p=a', 'orphan-old.parquet'), 'x');
    await fs.writeFile(path.join(t.root, '_p=a', 'orphan-new.parquet'), 'x');
    await fs.mkdir(path.join(t.root, '_change_data'));
    await fs.writeFile(path.join(t.root, '_change_data', 'cdc.parquet'), 'x');
    await fs.writeFile(path.join(t.root, '.hidden'), 'x');
    for (const f of [
      '_p=a/orphan-old.parquet',
      '_change_data/cdc.parquet',
      '.hidden',
      live,
      '_delta_log/00000000000000000000.json',
    ]) {
      await age(path.join(t.root, f), 10);
    }
    expect(await vacuumTable(t.ctx, { dryRun: true })).toEqual(['_p=a/orphan-old.parquet']);
    expect(await fs.readdir(path.join(t.root, '_p=a'))).toContain('orphan-old.parquet');
    expect(await vacuumTable(t.ctx)).toEqual(['_p=a/orphan-old.parquet']);
    expect((await fs.readdir(path.join(t.root, '_p=a'))).sort()).toEqual(
      [path.basename(live), path.basename(replaced), 'orphan-new.parquet'].sort(),
    );
    expect(await t.rows()).toEqual([{ _p: 'a', x: 2 }]);
  });

  it('also removes temp files that killed writers left behind, once older than the retention', async () => {
    await fs.writeFile(path.join(t.root, '_p=a', '.lake-tmp-old'), 'x');
    await fs.writeFile(path.join(t.root, '_p=a', '.lake-tmp-new'), 'x');
    await age(path.join(t.root, '_p=a', '.lake-tmp-old'), 10);
    expect(await vacuumTable(t.ctx, { dryRun: true })).toEqual([]);
    expect(await vacuumTable(t.ctx)).toEqual(['_p=a/.lake-tmp-old']);
    expect(await fs.readdir(path.join(t.root, '_p=a'))).toContain('.lake-tmp-new');
  });

  it('with force and retention 0 deletes removed files but never live ones', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await vacuumTable(t.ctx, { retentionHours: 0, force: true })).toEqual([replaced]);
    expect(await t.rows()).toEqual([{ _p: 'a', x: 2 }]);
  });

  it('reads the threshold from delta.deletedFileRetentionDuration', async () => {
    const short = await scratchTable();
    try {
      await writeTable(short.ctx, pl.DataFrame({ x: [1] }), {
        mode: 'append',
        configuration: { 'delta.deletedFileRetentionDuration': 'interval 2 days' },
      });
      expect(await vacuumTable(short.ctx, { retentionHours: 48 })).toEqual([]);
      await expect(vacuumTable(short.ctx, { retentionHours: 47 })).rejects.toThrow(/shorter than 48 h/);
    } finally {
      await short.cleanup();
    }
  });
});
