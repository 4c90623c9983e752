import pl from 'nodejs-polars';
import { isSameDtype } from '../../../../etl/src/lake/write/schema';

describe('isSameDtype', () => {
  it('treats polars Utf8 and String as one type, at any depth', () => {
    expect(isSameDtype(pl.Series('a', ['x']).dtype, pl.Utf8)).toBe(true);
    expect(isSameDtype(pl.List(pl.String), pl.List(pl.Utf8))).toBe(true);
  });

  it('still tells different types apart', () => {
    expect(isSameDtype(pl.Utf8, pl.Int64)).toBe(false);
    expect(isSameDtype(pl.Datetime('us', 'UTC'), pl.Datetime('us'))).toBe(false);
    expect(isSameDtype(pl.Decimal(10, 2), pl.Decimal(10, 3))).toBe(false);
  });
});
