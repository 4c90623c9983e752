import { parseMarketTime } from '../../../etl/src/parse/market-time';

describe('parseMarketTime', () => {
  it('reads AEST (UTC+10) without daylight saving, even in summer', () => {
    expect(parseMarketTime('2021/01/15 00:05:00').toISOString()).toBe('2021-01-14T14:05:00.000Z');
    expect(parseMarketTime('2021/07/15 00:05:00').toISOString()).toBe('2021-07-14T14:05:00.000Z');
  });

  it('accepts a date without a time as market midnight', () => {
    expect(parseMarketTime('2024/08/01').toISOString()).toBe('2024-07-31T14:00:00.000Z');
  });

  it('refuses impossible dates instead of rolling them over', () => {
    expect(() => parseMarketTime('2021/02/30 00:00:00')).toThrow(
      '"2021/02/30 00:00:00" is not an AEMO market time; expected "YYYY/MM/DD HH:MM:SS" or "YYYY/MM/DD"',
    );
  });

  it('refuses ISO text', () => {
    expect(() => parseMarketTime('2021-01-01T00:00:00Z')).toThrow(/is not an AEMO market time/);
  });
});
