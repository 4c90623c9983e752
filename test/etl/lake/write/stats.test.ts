import pl from 'nodejs-polars';
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
    expect(JSON.parse(collectStats(df))).toEqual({
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
    const stats = collectStats(df);
    expect(stats).toBe(
      '{"numRecords":2,"minValues":{"big":-9007199254740995,"dec":12345678901234567.25},' +
        '"maxValues":{"big":9007199254740993,"dec":12345678901234567.25},"nullCount":{"big":0,"dec":0}}',
    );
  });

  it('floors the timestamp min and rounds the max up to whole milliseconds', () => {
    const df = pl
      .DataFrame({ t: [1_700_000_000_123_456n, 1_700_000_000_999_001n] })
      .withColumns(pl.col('t').cast(pl.Datetime('us', 'UTC')));
    const stats = JSON.parse(collectStats(df));
    expect(stats.minValues.t).toBe('2023-11-14T22:13:20.123Z');
    expect(stats.maxValues.t).toBe('2023-11-14T22:13:21.000Z');
  });

  it('leaves out float bounds when a NaN or an infinity is present', () => {
    const df = pl.DataFrame({ withNan: [1, NaN], withInf: [1, Infinity], plain: [-0.5, 2] });
    const stats = JSON.parse(collectStats(df));
    expect(stats.minValues).toEqual({ withInf: 1, plain: -0.5 });
    expect(stats.maxValues).toEqual({ plain: 2 });
  });

  it('cuts long strings to whole code points and pads a cut max so it stays an upper bound', () => {
    const long = '😀'.repeat(40);
    const df = pl.DataFrame({ s: [long, 'a'] });
    const stats = JSON.parse(collectStats(df, { numIndexedCols: 32, stringPrefixLength: 4 }));
    expect(stats.minValues.s).toBe('a');
    expect(stats.maxValues.s).toBe('😀😀😀😀\u{10FFFF}');
    expect(Buffer.compare(Buffer.from(stats.maxValues.s), Buffer.from(long))).toBe(1);
  });

  it('indexes only the first numIndexedCols leaf columns and skips lists', () => {
    const df = pl.DataFrame({ a: [1], l: [[1, 2]], b: [2], c: [3] });
    const stats = JSON.parse(collectStats(df, { numIndexedCols: 2, stringPrefixLength: 32 }));
    expect(stats.nullCount).toEqual({ a: 0, b: 0 });
  });

  it('describes an empty frame by its record count', () => {
    const df = pl.DataFrame({ a: [] as number[] });
    expect(JSON.parse(collectStats(df))).toEqual({
      numRecords: 0,
      minValues: {},
      maxValues: {},
      nullCount: { a: 0 },
    });
  });
});
