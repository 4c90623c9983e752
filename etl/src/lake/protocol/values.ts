// Typed values of Delta columns, used to compare partition values, stats bounds and predicate literals exactly.
// Each Delta type has one JS representation so comparisons never mix forms (notes §5, §10.3: "2021.0" and "2021"
// are the same double; compare typed values, never strings).
import type { DataType, PrimitiveTypeName } from './schema';

/**
 * string → string; byte/short/integer/long → bigint; float/double → number; decimal → bigint unscaled at the
 * column's scale; boolean → boolean; date → number (days since 1970-01-01); timestamp/timestamp_ntz → bigint
 * (microseconds since the epoch); binary → Uint8Array.
 */
export type TypedValue = string | bigint | number | boolean | Uint8Array;

/** Types a partition value, stats bound or predicate literal can have (not nested, not void/variant). */
export type ScalarType =
  | { readonly kind: 'primitive'; readonly name: Exclude<PrimitiveTypeName, 'void' | 'variant'> }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number };

export function asScalarType(type: DataType): ScalarType | undefined {
  if (type.kind === 'decimal') return type;
  if (type.kind === 'primitive' && type.name !== 'void' && type.name !== 'variant') {
    return type as ScalarType;
  }
  return undefined;
}

const INTEGER_RANGES: Record<string, [bigint, bigint]> = {
  byte: [-128n, 127n],
  short: [-32768n, 32767n],
  integer: [-2147483648n, 2147483647n],
  long: [-9223372036854775808n, 9223372036854775807n],
};

const MS_PER_DAY = 86_400_000;

/**
 * Parses the text form of a value (partition values in the log, CLI `--where` literals); returns undefined when
 * the text is not a valid value of the type. Zone-less timestamps (`2021-01-01 12:00:00[.ffffff]`, the form Spark
 * writes in its session zone) are read as UTC.
 */
export function parseTypedText(text: string, type: ScalarType): TypedValue | undefined {
  if (type.kind === 'decimal') return parseDecimal(text, type.scale);
  switch (type.name) {
    case 'string':
      return text;
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      return parseInteger(text, type.name);
    case 'float':
    case 'double':
      return parseFloatText(text);
    case 'boolean': {
      const lower = text.toLowerCase();
      return lower === 'true' ? true : lower === 'false' ? false : undefined;
    }
    case 'date':
      return parseDate(text);
    case 'timestamp':
    case 'timestamp_ntz':
      return parseTimestampMicros(text);
    case 'binary':
      // The protocol shows `\u0001\u0002` escapes (decoded by JSON); Spark writes the bytes as a UTF-8 string, so
      // the UTF-8 encoding of the text gives back the bytes for both.
      return new Uint8Array(Buffer.from(text, 'utf8'));
  }
}

function parseInteger(text: string, name: string): bigint | undefined {
  const trimmed = text.trim();
  // delta-rs has written integral partition values as "2021.0"; accept a zero fraction.
  const match = /^([+-]?\d+)(?:\.0*)?$/.exec(trimmed);
  if (!match) return undefined;
  const value = BigInt(match[1]!);
  const [lo, hi] = INTEGER_RANGES[name]!;
  return value < lo || value > hi ? undefined : value;
}

function parseFloatText(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^[+-]?(Infinity|inf)$/i.test(trimmed)) return trimmed.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(trimmed)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** `12.5` at scale 3 → 12500n; rejects more fraction digits than the scale unless they are zeros. */
export function parseDecimal(text: string, scale: number): bigint | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const sign = match[1] === '-' ? -1n : 1n;
  let digits = (match[2] ?? '') + (match[3] ?? '');
  const exponent = -(match[3] ?? '').length + Number(match[4] ?? 0);
  // digits × 10^exponent, rescaled to 10^-scale
  const shift = exponent + scale;
  if (shift >= 0) digits += '0'.repeat(shift);
  else {
    const dropped = digits.slice(digits.length + shift);
    if (/[1-9]/.test(dropped)) return undefined;
    digits = digits.slice(0, digits.length + shift);
  }
  return sign * BigInt(digits === '' ? '0' : digits);
}

/** Formats an unscaled decimal: (12500n, 3) → "12.500". */
export function formatDecimal(unscaled: bigint, scale: number): string {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

function parseDate(text: string): number | undefined {
  // The ISO midnight form comes from checkpoint `stats_parsed` dates decoded to instants.
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00:00(?:\.0+)?Z)?$/.exec(text.trim());
  if (!match) return undefined;
  const ms = utcMs(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const back = new Date(ms);
  if (back.getUTCDate() !== Number(match[3]) || back.getUTCMonth() !== Number(match[2]) - 1) return undefined;
  return ms / MS_PER_DAY;
}

/** Date.UTC without its two-digit-year quirk (it maps years 0–99 to 1900–1999). */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** `1970-01-01T00:00:00.123456Z`, `1970-01-01 00:00:00[.ffffff]` (UTC), `…+10:00` offsets, or a bare date. */
export function parseTimestampMicros(text: string): bigint | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
      text.trim(),
    );
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = match;
  const ms = utcMs(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms)) return undefined;
  let micros = BigInt(ms) * 1000n + BigInt((frac + '000000').slice(0, 6));
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const offsetMinutes = (Number(z[2]) * 60 + Number(z[3])) * (z[1] === '-' ? -1 : 1);
    micros -= BigInt(offsetMinutes) * 60_000_000n;
  }
  return micros;
}

/** ISO-8601 UTC with microseconds: 1970-01-01T00:00:00.123456Z. */
export function formatTimestampMicros(micros: bigint): string {
  const ms = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
  const rest = micros - ms * 1000n;
  const iso = new Date(Number(ms)).toISOString(); // …T00:00:00.123Z
  return `${iso.slice(0, 23)}${rest.toString().padStart(3, '0')}Z`;
}

export function formatDate(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Types a value found in stats JSON (numbers, strings for dates/timestamps). Numbers beyond ±2^53 must arrive as
 * bigint (see parseStatsJson) or they are dropped: a rounded bound could skip a file wrongly (notes §10.5).
 */
export function typeStatsValue(value: unknown, type: ScalarType): TypedValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    if (type.kind === 'primitive' && (type.name === 'float' || type.name === 'double')) return undefined;
    return parseTypedText(value, type);
  }
  if (typeof value === 'bigint') {
    if (type.kind === 'decimal') return value * 10n ** BigInt(type.scale);
    return type.kind === 'primitive' && type.name in INTEGER_RANGES ? value : undefined;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    if (type.kind === 'decimal') {
      // A double cannot carry more than ~15 significant digits; drop bounds that may have been rounded.
      const text = String(value);
      return text.replace(/[-.]/g, '').replace(/^0+/, '').length > 15 || /e/i.test(text)
        ? undefined
        : parseDecimal(text, type.scale);
    }
    switch (type.name) {
      case 'byte':
      case 'short':
      case 'integer':
      case 'long':
        return Number.isSafeInteger(value) ? BigInt(value) : undefined;
      case 'float':
      case 'double':
        return value;
      default:
        return undefined;
    }
  }
  if (typeof value === 'boolean')
    return type.kind === 'primitive' && type.name === 'boolean' ? value : undefined;
  if (value instanceof Date && type.kind === 'primitive') {
    // checkpoint `stats_parsed` structs decode DATE and TIMESTAMP columns to Date objects
    const ms = value.getTime();
    if (Number.isNaN(ms)) return undefined;
    if (type.name === 'date') return Math.floor(ms / MS_PER_DAY);
    if (type.name === 'timestamp' || type.name === 'timestamp_ntz') return BigInt(ms) * 1000n;
  }
  return undefined;
}

/** Total order within one type's representation; strings and bytes compare as unsigned bytes (UTF-8 order). */
export function compareTyped(a: TypedValue, b: TypedValue): number {
  if (typeof a === 'string' && typeof b === 'string') {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.compare(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  throw new TypeError(`cannot compare ${typeof a} with ${typeof b}`);
}
