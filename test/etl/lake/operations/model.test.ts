// Model-based check of the copy-on-write verbs: random sequences of append, merge, delete, replaceWhere and optimize
// against a partitioned table, compared after every step with the same operations on a plain array of rows.
import fc from 'fast-check';
import pl from 'nodejs-polars';
import { deleteWhere } from '../../../../etl/src/lake/operations/delete';
import { mergeTable } from '../../../../etl/src/lake/operations/merge';
import { optimizeTable } from '../../../../etl/src/lake/operations/optimize';
import { writeTable } from '../../../../etl/src/lake/operations/write';
import type { Predicate } from '../../../../etl/src/lake';
import { scratchTable } from './table-fixture';

interface Row {
  readonly region: string;
  readonly id: number;
  readonly v: number;
}

type Op =
  | { kind: 'append'; rows: Row[] }
  | { kind: 'merge'; rows: Row[]; whenMatched: 'update' | 'ignore'; whenNotMatched: 'insert' | 'ignore' }
  | { kind: 'delete'; where: { ids: number[] } | { below: number } | { region: string } }
  | { kind: 'replace'; region: string; rows: Row[] }
  | { kind: 'optimize' };

const region = fc.constantFrom('NSW1', 'VIC1');
const row = fc.record({ region, id: fc.integer({ min: 0, max: 4 }), v: fc.integer({ min: -50, max: 50 }) });
const uniqueRows = fc.uniqueArray(row, {
  minLength: 1,
  maxLength: 5,
  selector: (r) => `${r.region}/${r.id}`,
});

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), rows: fc.array(row, { minLength: 1, maxLength: 5 }) }),
  fc.record({
    kind: fc.constant('merge' as const),
    rows: uniqueRows,
    whenMatched: fc.constantFrom('update' as const, 'ignore' as const),
    whenNotMatched: fc.constantFrom('insert' as const, 'ignore' as const),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    where: fc.oneof(
      fc.record({ ids: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }) }),
      fc.record({ below: fc.integer({ min: -50, max: 50 }) }),
      fc.record({ region }),
    ),
  }),
  region.chain((r) =>
    fc.record({
      kind: fc.constant('replace' as const),
      region: fc.constant(r),
      rows: fc.array(
        row.map((x) => ({ ...x, region: r })),
        { maxLength: 3 },
      ),
    }),
  ),
  fc.constant({ kind: 'optimize' as const }),
);

const frame = (rows: readonly Row[]) =>
  pl
    .DataFrame({ region: rows.map((r) => r.region), id: rows.map((r) => r.id), v: rows.map((r) => r.v) })
    .withColumns(pl.col('region').cast(pl.Utf8), pl.col('id').cast(pl.Int64), pl.col('v').cast(pl.Int64));

const key = (r: Row) => `${r.region}/${r.id}`;

function apply(model: Row[], o: Op): Row[] {
  switch (o.kind) {
    case 'append':
      return [...model, ...o.rows];
    case 'merge': {
      const source = new Map(o.rows.map((r) => [key(r), r]));
      const targetKeys = new Set(model.map(key));
      const updated = model.map((r) => (o.whenMatched === 'update' ? (source.get(key(r)) ?? r) : r));
      const inserts = o.whenNotMatched === 'insert' ? o.rows.filter((r) => !targetKeys.has(key(r))) : [];
      return [...updated, ...inserts];
    }
    case 'delete': {
      const w = o.where;
      return model.filter(
        (r) => !('ids' in w ? w.ids.includes(r.id) : 'below' in w ? r.v < w.below : r.region === w.region),
      );
    }
    case 'replace':
      return [...model.filter((r) => r.region !== o.region), ...o.rows];
    case 'optimize':
      return model;
  }
}

function predicate(w: Extract<Op, { kind: 'delete' }>['where']): Predicate {
  if ('ids' in w) return { column: 'id', op: 'in', values: w.ids };
  if ('below' in w) return { column: 'v', op: '<', value: w.below };
  return { column: 'region', op: '=', value: w.region };
}

const sorted = (rows: readonly Row[]) => [...rows].map((r) => `${r.region}/${r.id}/${r.v}`).sort();

describe('copy-on-write verbs against a model', () => {
  it('keep the table equal to the model after every operation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 6 }),
        fc.array(op, { minLength: 1, maxLength: 6 }),
        async (initial, ops) => {
          const t = await scratchTable('lake-model-');
          try {
            await writeTable(t.ctx, frame(initial), { mode: 'append', partitionBy: ['region'] });
            let model: Row[] = [...initial];
            for (const o of ops) {
              if (o.kind === 'append') await writeTable(t.ctx, frame(o.rows), { mode: 'append' });
              if (o.kind === 'merge') {
                await mergeTable(t.ctx, frame(o.rows), {
                  on: ['region', 'id'],
                  whenMatched: o.whenMatched,
                  whenNotMatched: o.whenNotMatched,
                });
              }
              if (o.kind === 'delete') await deleteWhere(t.ctx, predicate(o.where));
              if (o.kind === 'replace') {
                await writeTable(t.ctx, frame(o.rows), {
                  mode: 'overwrite',
                  replaceWhere: { column: 'region', op: '=', value: o.region },
                });
              }
              if (o.kind === 'optimize') await optimizeTable(t.ctx);
              model = apply(model, o);
              const rows = (await t.rows()) as unknown as Row[];
              expect(sorted(rows)).toEqual(sorted(model));
            }
          } finally {
            await t.cleanup();
          }
        },
      ),
      {
        numRuns: 25,
        examples: [
          [
            [
              { region: 'NSW1', id: 1, v: 1 },
              { region: 'NSW1', id: 1, v: 2 },
            ],
            [
              {
                kind: 'merge',
                rows: [{ region: 'NSW1', id: 1, v: 9 }],
                whenMatched: 'update',
                whenNotMatched: 'insert',
              },
            ],
          ],
        ],
      },
    );
  });
});
