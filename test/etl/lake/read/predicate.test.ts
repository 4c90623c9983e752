// Predicates evaluated on partition values, on stats ("may match") and as polars expressions.
import pl from 'nodejs-polars';
import {
  type Predicate,
  InvalidPredicateError,
  bindPredicate,
  fileMayMatch,
  toPolarsExpr,
} from '../../../../etl/src/lake/read/predicate';
import { parsePredicateText } from '../../../../etl/src/lake/read/predicate-text';
import { parseSchemaString } from '../../../../etl/src/lake/protocol/schema';
import { parseStatsJson } from '../../../../etl/src/lake/protocol/stats';

const schema = parseSchemaString(
  JSON.stringify({
    type: 'struct',
    fields: [
      ['id', 'long'],
      ['price', 'decimal(10,2)'],
      ['name', 'string'],
      ['day', 'date'],
      ['at', 'timestamp'],
      ['region', 'string'],
    ].map(([name, type]) => ({ name, type, nullable: true, metadata: {} })),
  }),
  't',
);

const bind = (p: Predicate) => bindPredicate(p, schema, 't');

function mayMatch(p: Predicate, stats: object, partitions: Record<string, string | null> = {}): boolean {
  const partitionValues = new Map(Object.entries(partitions).map(([k, v]) => [k, v]));
  return fileMayMatch(bind(p), { partitionValues, stats: parseStatsJson(JSON.stringify(stats)), schema });
}

const stats = {
  numRecords: 10,
  minValues: { id: 10, price: 1.5, name: 'b', day: '2024-01-10', at: '2024-01-01T00:00:00.000Z' },
  maxValues: { id: 20, price: 99.99, name: 'm', day: '2024-01-20', at: '2024-01-01T00:00:00.123Z' },
  nullCount: { id: 0, price: 2, name: 0, day: 0, at: 0 },
};

describe('stats: may match', () => {
  it.each([
    [{ column: 'id', op: '=', value: 15 }, true],
    [{ column: 'id', op: '=', value: 21 }, false],
    [{ column: 'id', op: '<', value: 10 }, false],
    [{ column: 'id', op: '<=', value: 10 }, true],
    [{ column: 'id', op: '>', value: 20 }, false],
    [{ column: 'id', op: '>=', value: 20 }, true],
    [{ column: 'id', op: 'in', values: [1, 2, 30] }, false],
    [{ column: 'id', op: 'in', values: [1, 12] }, true],
    [{ column: 'price', op: '>', value: '99.99' }, false],
    [{ column: 'price', op: '<', value: 1.51 }, true],
    [{ column: 'name', op: '=', value: 'z' }, false],
    [{ column: 'day', op: '>', value: '2024-01-20' }, false],
    [{ column: 'day', op: '>=', value: new Date('2024-01-20T00:00:00Z') }, true],
    // stats keep milliseconds: 123.5 ms may be in the file although max says 123 ms
    [{ column: 'at', op: '>=', value: '2024-01-01T00:00:00.123500Z' }, true],
    [{ column: 'at', op: '>', value: '2024-01-01T00:00:00.124000Z' }, false],
    [{ column: 'id', op: 'is-null' }, false],
    [{ column: 'price', op: 'is-null' }, true],
    [{ column: 'region', op: '=', value: 'x' }, true], // no stats for the column: cannot skip
    [
      {
        and: [
          { column: 'id', op: '=', value: 15 },
          { column: 'name', op: '=', value: 'z' },
        ],
      },
      false,
    ],
    [
      {
        or: [
          { column: 'id', op: '=', value: 99 },
          { column: 'name', op: '=', value: 'c' },
        ],
      },
      true,
    ],
  ] as [Predicate, boolean][])('%j → %s', (predicate, expected) => {
    expect(mayMatch(predicate, stats)).toBe(expected);
  });

  it('skips a file whose column is entirely null for any comparison', () => {
    const allNull = { numRecords: 3, minValues: {}, maxValues: {}, nullCount: { id: 3 } };
    expect(mayMatch({ column: 'id', op: '!=', value: 1 }, allNull)).toBe(false);
    expect(mayMatch({ column: 'id', op: 'is-null' }, allNull)).toBe(true);
    expect(mayMatch({ column: 'id', op: 'is-not-null' }, allNull)).toBe(false);
  });

  it('does not trust loose bounds (tightBounds false)', () => {
    expect(mayMatch({ column: 'id', op: '=', value: 99 }, { ...stats, tightBounds: false })).toBe(true);
  });
});

describe('partition values: exact', () => {
  it('matches typed values and treats NULL as matching no comparison', () => {
    const region = (value: string | null) => new Map([['region', value]]);
    const check = (p: Predicate, value: string | null) =>
      fileMayMatch(bind(p), { partitionValues: region(value), schema });
    expect(check({ column: 'region', op: '=', value: 'NSW1' }, 'NSW1')).toBe(true);
    expect(check({ column: 'region', op: '=', value: 'NSW1' }, 'VIC1')).toBe(false);
    expect(check({ column: 'region', op: '!=', value: 'NSW1' }, null)).toBe(false);
    expect(check({ column: 'region', op: 'is-null' }, null)).toBe(true);
    expect(check({ column: 'region', op: 'in', values: ['QLD1', 'VIC1'] }, 'VIC1')).toBe(true);
  });
});

describe('polars expressions', () => {
  it('filters rows with SQL null semantics', () => {
    const df = pl.DataFrame({ id: [1n, 2n, 3n, null], region: ['a', 'b', null, 'a'] });
    const ids = (p: Predicate) =>
      df
        .filter(toPolarsExpr(bind(p)))
        .getColumn('id')
        .toArray()
        .map((v) => (v === null ? null : Number(v)));
    expect(ids({ column: 'id', op: '>=', value: 2 })).toEqual([2, 3]);
    expect(ids({ column: 'region', op: '!=', value: 'a' })).toEqual([2]);
    expect(ids({ column: 'region', op: 'in', values: ['a', 'z'] })).toEqual([1, null]);
    expect(ids({ column: 'region', op: 'is-null' })).toEqual([3]);
    expect(
      ids({
        and: [
          { column: 'region', op: '=', value: 'a' },
          { column: 'id', op: '<', value: 5 },
        ],
      }),
    ).toEqual([1]);
  });
});

describe('binding', () => {
  it('names unknown columns and ill-typed literals', () => {
    expect(() => bind({ column: 'nope', op: '=', value: 1 })).toThrow(InvalidPredicateError);
    expect(() => bind({ column: 'day', op: '=', value: '2024-13-01' })).toThrow(
      't: invalid filter: "2024-13-01" is not a valid date for column "day"',
    );
    expect(() => bind({ column: 'id', op: '=', value: 1.5 })).toThrow(/not a valid long/);
  });
});

describe('--where text', () => {
  it('parses comparisons, IN, IS [NOT] NULL, quotes and AND', () => {
    expect(
      parsePredicateText(`region = 'NSW1' and price >= 10.5 and id in (1, 2) and "odd name" is not null`),
    ).toEqual({
      and: [
        { column: 'region', op: '=', value: 'NSW1' },
        { column: 'price', op: '>=', value: '10.5' },
        { column: 'id', op: 'in', values: ['1', '2'] },
        { column: 'odd name', op: 'is-not-null' },
      ],
    });
    expect(parsePredicateText(`name <> 'it''s'`)).toEqual({ column: 'name', op: '!=', value: "it's" });
    expect(parsePredicateText('x IS NULL')).toEqual({ column: 'x', op: 'is-null' });
  });

  it('explains syntax errors', () => {
    expect(() => parsePredicateText("a = 'x")).toThrow(`filter "a = 'x": unterminated ' quote at position 5`);
    expect(() => parsePredicateText('a = 1 or b = 2')).toThrow(
      'filter "a = 1 or b = 2": expected AND between conditions, found "or"',
    );
    expect(() => parsePredicateText('a like 1')).toThrow(
      /expected an operator \(=, !=, <, <=, >, >=, IN, IS \[NOT\] NULL\) after a/,
    );
  });
});
