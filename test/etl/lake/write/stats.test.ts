import pl from 'nodejs-polars';
import fc from 'fast-check';
import { collectStats } from '../../../../etl/src/lake/write/stats';

describe('collectStats', () => {
  it('writes numRecords, bounds and null counts per leaf column, nested like the schema', () => {
    const df = pl
      .DataFrame({
        id: [3, 1, null],
        name: ['b', null, 'a'],
        day: [new Date('2024-01-02'), null, new Date('2024-03-01')],
        point: [
          { x: 1.5, label: 'p' },
          { x: -2, label: null },
          { x: 0, label: 'q' },
        ],
      })
      .withColumns(pl.col('id').cast(pl.Int64), pl.col('day').cast(pl.Date));
    expect(JSON.parse(collectStats(df, df.writeParquet()))).toEqual({
      numRecords: 3,
      minValues: { id: 1, name: 'a', day: '2024-01-02', point: { x: -2, label: 'p' } },
      maxValues: { id: 3, name: 'b', day: '2024-03-01', point: { x: 1.5, label: 'q' } },
      nullCount: { id: 1, name: 1, day: 1, point: { x: 0, label: 1 } },
    });
  });

  it('keeps int64 and decimal bounds exact beyond 2^53', () => {
    const df = pl
      .DataFrame({ big: ['9007199254740993', '-9007199254740995'] })
      .withColumns(
        pl.col('big').cast(pl.Int64),
        pl.lit('12345678901234567.25').cast(pl.Decimal(20, 2)).alias('dec'),
      );
    const stats = collectStats(df, df.writeParquet());
    expect(stats).toBe(
      '{"numRecords":2,"minValues":{"big":-9007199254740995,"dec":12345678901234567.25},' +
        '"maxValues":{"big":9007199254740993,"dec":12345678901234567.25},"nullCount":{"big":0,"dec":0}}',
    );
  });

  it('floors the timestamp min and rounds the max up to whole milliseconds', () => {
    const df = pl
      .DataFrame({ t: [1_700_000_000_123_456n, 1_700_000_000_999_001n] })
      .withColumns(pl.col('t').cast(pl.Datetime('us', 'UTC')));
    const stats = JSON.parse(collectStats(df, df.writeParquet()));
    expect(stats.minValues.t).toBe('2023-11-14T22:13:20.123Z');
    expect(stats.maxValues.t).toBe('2023-11-14T22:13:21.000Z');
  });

  it('leaves out float bounds when a NaN or an infinity is present', () => {
    const df = pl.DataFrame({ withNan: [1, NaN], withInf: [1, Infinity], plain: [-0.5, 2] });
    const stats = JSON.parse(collectStats(df, df.writeParquet()));
    expect(stats.minValues).toEqual({ withInf: 1, plain: -0.5 });
    expect(stats.maxValues).toEqual({ plain: 2 });
  });

  it('cuts long strings to whole code points and pads a cut max so it stays an upper bound', () => {
    const long = '😀'.repeat(40);
    const df = pl.DataFrame({ s: [long, 'a'] });
    const stats = JSON.parse(
      collectStats(df, df.writeParquet(), { numIndexedCols: 32, stringPrefixLength: 4 }),
    );
    expect(stats.minValues.s).toBe('a');
    expect(stats.maxValues.s).toBe('😀😀😀😀\u{10FFFF}');
    expect(Buffer.compare(Buffer.from(stats.maxValues.s), Buffer.from(long))).toBe(1);
  });

  it('indexes only the first numIndexedCols leaf columns and skips lists', () => {
    const df = pl.DataFrame({ a: [1], l: [[1, 2]], b: [2], c: [3] });
    const stats = JSON.parse(
      collectStats(df, df.writeParquet(), { numIndexedCols: 2, stringPrefixLength: 32 }),
    );
    expect(stats.nullCount).toEqual({ a: 0, b: 0 });
  });

  it('describes an empty frame by its record count', () => {
    const df = pl.DataFrame({ a: [] as number[] });
    expect(JSON.parse(collectStats(df, df.writeParquet()))).toEqual({
      numRecords: 0,
      minValues: {},
      maxValues: {},
      nullCount: { a: 0 },
    });
  });
});

describe('collectStats bounds (property)', () => {
  const utf8 = (s: string) => Buffer.from(s);

  it('every non-null value lies within [min, max] and null counts are exact', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            n: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { nil: null }),
            s: fc.option(fc.string({ unit: 'grapheme', maxLength: 40 }), { nil: null }),
            f: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
            t: fc.option(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 16n }), { nil: null }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (rows) => {
          const df = pl.DataFrame([
            pl
              .Series(
                'n',
                rows.map((r) => (r.n === null ? null : r.n.toString())),
              )
              .cast(pl.Int64),
            pl.Series(
              's',
              rows.map((r) => r.s),
              pl.Utf8,
            ),
            pl.Series(
              'f',
              rows.map((r) => r.f),
              pl.Float64,
            ),
            pl
              .Series(
                't',
                rows.map((r) => (r.t === null ? null : r.t.toString())),
              )
              .cast(pl.Int64)
              .cast(pl.Datetime('us', 'UTC')),
          ]);
          const stats = JSON.parse(collectStats(df, df.writeParquet()), (_k, v, ctx?: { source?: string }) =>
            typeof v === 'number' && !Number.isSafeInteger(v) && ctx?.source && /^-?\d+$/.test(ctx.source)
              ? BigInt(ctx.source)
              : v,
          );
          for (const column of ['n', 's', 'f', 't'] as const) {
            expect(stats.nullCount[column]).toBe(rows.filter((r) => r[column] === null).length);
          }
          for (const r of rows) {
            if (r.n !== null) {
              expect(BigInt(stats.minValues.n) <= r.n && r.n <= BigInt(stats.maxValues.n)).toBe(true);
            }
            if (r.s !== null) {
              expect(Buffer.compare(utf8(stats.minValues.s), utf8(r.s))).toBeLessThanOrEqual(0);
              expect(Buffer.compare(utf8(r.s), utf8(stats.maxValues.s))).toBeLessThanOrEqual(0);
            }
            // Doubles are read as doubles (the BigInt reviver above is for the long column).
            if (r.f !== null) {
              expect(Number(stats.minValues.f) <= r.f && r.f <= Number(stats.maxValues.f)).toBe(true);
            }
            if (r.t !== null) {
              const ms = Number(r.t) / 1000;
              expect(Date.parse(stats.minValues.t) <= ms && ms <= Date.parse(stats.maxValues.t)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('combines bounds over several row groups', () => {
    const n = 700_000; // polars starts a new row group every ~300k rows
    const df = pl.DataFrame({ x: Array.from({ length: n }, (_, i) => (i === 650_000 ? -5 : i)) });
    const bytes = df.writeParquet();
    expect(JSON.parse(collectStats(df, bytes))).toMatchObject({
      numRecords: n,
      minValues: { x: -5 },
      maxValues: { x: n - 1 },
      nullCount: { x: 0 },
    });
  });
});
