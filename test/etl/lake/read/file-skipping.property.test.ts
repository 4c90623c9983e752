// Soundness of stats-based skipping: for random files (rows → exact min/max/nullCount stats, as writers record them)
// and random predicates, a file that polars finds matching rows in is never skipped.
import fc from 'fast-check';
import pl from 'nodejs-polars';
import {
  type Predicate,
  bindPredicate,
  fileMayMatch,
  toPolarsExpr,
} from '../../../../etl/src/lake/read/predicate';
import { parseSchemaString } from '../../../../etl/src/lake/protocol/schema';
import { parseStatsJson } from '../../../../etl/src/lake/protocol/stats';

const schema = parseSchemaString(
  JSON.stringify({
    type: 'struct',
    fields: [
      { name: 'n', type: 'long', nullable: true, metadata: {} },
      { name: 's', type: 'string', nullable: true, metadata: {} },
      { name: 'd', type: 'date', nullable: true, metadata: {} },
    ],
  }),
  't',
);

type Row = { n: bigint | null; s: string | null; d: number | null };

const row: fc.Arbitrary<Row> = fc.record({
  n: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { freq: 4 }),
  s: fc.option(fc.string({ unit: fc.constantFrom('a', 'b', 'z', 'é', '😈', 'A'), maxLength: 4 }), {
    freq: 4,
  }),
  d: fc.option(fc.integer({ min: -1000, max: 1000 }), { freq: 4 }),
});

const dateText = (days: number) => new Date(days * 86_400_000).toISOString().slice(0, 10);
const utf8Compare = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** Stats as Spark/delta-rs write them: JSON numbers (exact digits), strings, dates as YYYY-MM-DD. */
function statsJson(rows: Row[]): string {
  const parts = { min: [] as string[], max: [] as string[], nulls: [] as string[] };
  const add = (name: string, values: (string | null)[], nonNull: string[]) => {
    parts.nulls.push(`"${name}":${values.filter((v) => v === null).length}`);
    if (nonNull.length === 0) return;
    parts.min.push(`"${name}":${nonNull[0]}`);
    parts.max.push(`"${name}":${nonNull[nonNull.length - 1]}`);
  };
  const ns = rows.flatMap((r) => (r.n === null ? [] : [r.n])).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  add(
    'n',
    rows.map((r) => (r.n === null ? null : '')),
    ns.map(String),
  );
  const ss = rows.flatMap((r) => (r.s === null ? [] : [r.s])).sort(utf8Compare);
  add(
    's',
    rows.map((r) => r.s),
    ss.map((v) => JSON.stringify(v)),
  );
  const ds = rows.flatMap((r) => (r.d === null ? [] : [r.d])).sort((a, b) => a - b);
  add(
    'd',
    rows.map((r) => (r.d === null ? null : '')),
    ds.map((v) => JSON.stringify(dateText(v))),
  );
  return `{"numRecords":${rows.length},"minValues":{${parts.min.join(',')}},"maxValues":{${parts.max.join(',')}},"nullCount":{${parts.nulls.join(',')}}}`;
}

const op = fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const);
const leaf: fc.Arbitrary<Predicate> = fc.oneof(
  fc.record({ column: fc.constant('n'), op, value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) }),
  fc.record({
    column: fc.constant('s'),
    op,
    value: fc.string({ unit: fc.constantFrom('a', 'b', 'z', 'é', '😈', 'A'), maxLength: 4 }),
  }),
  fc.record({ column: fc.constant('d'), op, value: fc.integer({ min: -1000, max: 1000 }).map(dateText) }),
  fc.record({
    column: fc.constantFrom('n', 's', 'd'),
    op: fc.constantFrom('is-null', 'is-not-null' as const),
  }) as fc.Arbitrary<Predicate>,
  fc.record({
    column: fc.constant('n'),
    op: fc.constant('in' as const),
    values: fc.array(fc.bigInt({ min: -5n, max: 5n }), { maxLength: 3 }),
  }),
) as fc.Arbitrary<Predicate>;
const predicate: fc.Arbitrary<Predicate> = fc.oneof(
  leaf,
  fc.tuple(leaf, leaf).map(([a, b]) => ({ and: [a, b] })),
  fc.tuple(leaf, leaf).map(([a, b]) => ({ or: [a, b] })),
);

it('never skips a file that holds a matching row (and does skip files)', () => {
  let skipped = 0;
  fc.assert(
    fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), predicate, (rows, p) => {
      const bound = bindPredicate(p, schema, 't');
      const df = pl.DataFrame({
        n: pl
          .Series(
            'n',
            rows.map((r) => (r.n === null ? null : r.n.toString())),
          )
          .cast(pl.Int64),
        s: pl.Series(
          's',
          rows.map((r) => r.s),
          pl.Utf8,
        ),
        d: pl
          .Series(
            'd',
            rows.map((r) => r.d),
            pl.Int32,
          )
          .cast(pl.Date),
      });
      const matching = df.filter(toPolarsExpr(bound)).height;
      const stats = parseStatsJson(statsJson(rows));
      const may = fileMayMatch(bound, { partitionValues: new Map(), stats, schema });
      if (matching > 0) expect({ p, rows: rows.length, may }).toEqual({ p, rows: rows.length, may: true });
      if (!may) skipped++;
    }),
    { numRuns: 120 },
  );
  expect(skipped).toBeGreaterThan(10); // the property is not satisfied by never skipping
});
