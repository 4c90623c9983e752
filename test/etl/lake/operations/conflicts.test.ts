// Operation-level conflicts: a competing commit lands between an operation's read and its commit.
import pl from 'nodejs-polars';
import { CommitConflictError } from '../../../../etl/src/lake/errors';
import type { WriteContext } from '../../../../etl/src/lake/operations/context';
import { deleteWhere } from '../../../../etl/src/lake/operations/delete';
import { mergeTable } from '../../../../etl/src/lake/operations/merge';
import { optimizeTable } from '../../../../etl/src/lake/operations/optimize';
import { writeTable } from '../../../../etl/src/lake/operations/write';
import type { LogStore } from '../../../../etl/src/lake/storage';
import { type ScratchTable, scratchTable } from './table-fixture';

const rows = (region: string, ids: number[]) =>
  pl.DataFrame({ region: ids.map(() => region), id: ids }).withColumns(pl.col('id').cast(pl.Int64));

/** A context whose first commit attempt is preceded by `competitor` (run against the plain context). */
function withCompetitor(
  ctx: WriteContext,
  competitor: (plain: WriteContext) => Promise<unknown>,
): WriteContext {
  let fired = false;
  const logStore: LogStore = {
    objects: ctx.storage.logStore.objects,
    listLog: (from) => ctx.storage.logStore.listLog(from),
    writeCommit: async (version, body) => {
      if (!fired) {
        fired = true;
        await competitor(ctx);
      }
      return ctx.storage.logStore.writeCommit(version, body);
    },
  };
  return { ...ctx, storage: { objects: ctx.storage.objects, logStore } };
}

describe('conflicts between operations', () => {
  let t: ScratchTable;
  beforeEach(async () => {
    t = await scratchTable();
    await writeTable(t.ctx, pl.concat([rows('NSW1', [1, 2]), rows('VIC1', [3, 4])]), {
      mode: 'append',
      partitionBy: ['region'],
    });
  });
  afterEach(() => t.cleanup());

  it('retries an append after a competing append, keeping both', async () => {
    const ctx = withCompetitor(t.ctx, (plain) => writeTable(plain, rows('NSW1', [5]), { mode: 'append' }));
    expect(await writeTable(ctx, rows('NSW1', [6]), { mode: 'append' })).toMatchObject({
      version: 2,
      attempts: 2,
    });
    expect((await t.rows(['id'])).map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('fails a delete when a competing append added rows it may have had to delete', async () => {
    const ctx = withCompetitor(t.ctx, (plain) => writeTable(plain, rows('NSW1', [1]), { mode: 'append' }));
    const error = await deleteWhere(ctx, { column: 'id', op: '=', value: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommitConflictError);
    expect((error as Error).message).toMatch(
      /commit 1 conflicts: version 1 added region=NSW1\/part-[^ ]+ where this commit read \(concurrent append\)/,
    );
    expect((await t.rows(['id'])).map((r) => r.id)).toEqual([1, 1, 2, 3, 4]); // the delete left no trace
  });

  it('lets a delete through when the competing append is in a partition it did not read', async () => {
    const ctx = withCompetitor(t.ctx, (plain) => writeTable(plain, rows('VIC1', [1]), { mode: 'append' }));
    await deleteWhere(ctx, {
      and: [
        { column: 'region', op: '=', value: 'NSW1' },
        { column: 'id', op: '=', value: 1 },
      ],
    });
    expect((await t.rows(['region', 'id'])).map((r) => `${r.region}:${r.id}`)).toEqual([
      'NSW1:2',
      'VIC1:1',
      'VIC1:3',
      'VIC1:4',
    ]);
  });

  it('fails a merge when a competing delete removed a file it rewrites', async () => {
    const ctx = withCompetitor(t.ctx, (plain) => deleteWhere(plain, { column: 'id', op: '=', value: 2 }));
    const error = await mergeTable(ctx, rows('NSW1', [1]), { on: ['region', 'id'] }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /version 1 also removed region=NSW1\/part-.* \(concurrent delete\)/,
    );
  });

  it('fails an optimize whose input files a competing delete removed, but not one racing an append', async () => {
    await writeTable(t.ctx, rows('NSW1', [7]), { mode: 'append' });
    const appended = withCompetitor(t.ctx, (plain) =>
      writeTable(plain, rows('NSW1', [8]), { mode: 'append' }),
    );
    expect(await optimizeTable(appended)).toMatchObject({ attempts: 2 });
    await writeTable(t.ctx, rows('VIC1', [9]), { mode: 'append' });
    const deleting = withCompetitor(t.ctx, (plain) =>
      deleteWhere(plain, { column: 'id', op: '=', value: 9 }),
    );
    await expect(optimizeTable(deleting)).rejects.toThrow(/concurrent delete/);
  });

  it('fails a write when a competing commit changed the schema', async () => {
    const ctx = withCompetitor(t.ctx, (plain) =>
      writeTable(plain, rows('NSW1', [5]).withColumn(pl.lit('x').alias('note')), {
        mode: 'append',
        schemaMode: 'merge',
      }),
    );
    await expect(writeTable(ctx, rows('NSW1', [6]), { mode: 'append' })).rejects.toThrow(
      'version 1 changed the table metadata (schema, partitioning or properties); re-read the table and retry',
    );
  });
});
