// AEMO publishes times in NEM market time: AEST, UTC+10 all year, with no daylight saving.
// Converting at the parser keeps every later stage in UTC instants.

const MARKET_OFFSET_MS = 10 * 60 * 60 * 1000;
const MARKET_TIME = /^(\d{4})\/(\d{2})\/(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

export class MarketTimeError extends Error {
  constructor(readonly value: string) {
    super(`"${value}" is not an AEMO market time; expected "YYYY/MM/DD HH:MM:SS" or "YYYY/MM/DD"`);
    this.name = 'MarketTimeError';
  }
}

/** Parses `2021/09/02 12:55:00` (market time) into the UTC instant it names. */
export function parseMarketTime(value: string): Date {
  const match = MARKET_TIME.exec(value.trim());
  if (!match) throw new MarketTimeError(value);
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = fields;
  const utcMs = Date.UTC(y, mo - 1, d, h, mi, s) - MARKET_OFFSET_MS;
  const instant = new Date(utcMs);
  // Date.UTC rolls 2021/02/30 over into March: refuse instead of guessing.
  const roundTrip = new Date(utcMs + MARKET_OFFSET_MS);
  if (roundTrip.getUTCDate() !== d || roundTrip.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 || s > 59) {
    throw new MarketTimeError(value);
  }
  return instant;
}
