// File-name patterns of the catalogue, compiled to anchored, case-insensitive regular expressions.
// Tokens: {ts:YYYYMMDD[HHmm[ss]]|YYYYMM} the file timestamp (market time), {id} an 8–16 digit AEMO id,
// {digits} any digits, {n} a chunk or sequence number, {version} a report version, {table} an MMS table name,
// {hash} the `#` separator of MMSDM archive names, as documented (`#`) or as stored on NEMWeb (`%23`), {any} anything,
// {publish} an optional `~YYYYMMDDHHMMSS` publish time (MIBB gas names).

const MARKET_OFFSET_MS = 10 * 60 * 60 * 1000; // AEST, UTC+10 all year (no daylight saving)

const TIMESTAMP_FORMATS = { YYYYMM: 6, YYYYMMDD: 8, YYYYMMDDHHmm: 12, YYYYMMDDHHmmss: 14 } as const;
type TimestampFormat = keyof typeof TIMESTAMP_FORMATS;

export interface FileNameMatch {
  /** The file-name timestamp as a UTC instant (the name is in market time). */
  readonly timestamp?: Date;
  readonly version?: number;
  readonly table?: string;
  readonly chunk?: number;
}

export interface CompiledPattern {
  readonly source: string;
  match(fileName: string): FileNameMatch | undefined;
}

const TOKEN = /\{([a-z]+)(?::([A-Za-z]+))?\}/g;

export function compileFilePattern(pattern: string): CompiledPattern {
  let regex = '';
  let last = 0;
  let timestampFormat: TimestampFormat | undefined;
  for (const token of pattern.matchAll(TOKEN)) {
    regex += escapeRegex(pattern.slice(last, token.index));
    last = token.index + token[0].length;
    const [, name, arg] = token;
    switch (name) {
      case 'ts': {
        if (arg === undefined || !(arg in TIMESTAMP_FORMATS)) {
          throw new Error(
            `pattern "${pattern}": {ts:${arg ?? ''}} must be one of ${Object.keys(TIMESTAMP_FORMATS).join(', ')}`,
          );
        }
        timestampFormat = arg as TimestampFormat;
        regex += `(?<ts>\\d{${TIMESTAMP_FORMATS[timestampFormat]}})`;
        break;
      }
      case 'id':
        regex += '\\d{8,16}';
        break;
      case 'digits':
        regex += '\\d+';
        break;
      case 'n':
        regex += '(?<n>\\d+)';
        break;
      case 'version':
        regex += '(?<version>\\d+)';
        break;
      case 'table':
        regex += '(?<table>[A-Z0-9_]+?)';
        break;
      case 'hash':
        regex += '(?:#|%23)';
        break;
      case 'any':
        regex += '.*?';
        break;
      case 'publish':
        // MIBB names may end in `~YYYYMMDDHHMMSS`, the publish time (market time); optional.
        timestampFormat = 'YYYYMMDDHHmmss';
        regex += '(?:~(?<ts>\\d{14}))?';
        break;
      default:
        throw new Error(`pattern "${pattern}": unknown token {${name}}`);
    }
  }
  regex += escapeRegex(pattern.slice(last));
  const compiled = new RegExp(`^${regex}$`, 'i');
  return {
    source: pattern,
    match(fileName) {
      const found = compiled.exec(fileName);
      if (!found) return undefined;
      const groups = found.groups ?? {};
      const timestamp =
        groups.ts !== undefined && timestampFormat !== undefined ? parseFileTimestamp(groups.ts) : undefined;
      if (groups.ts !== undefined && timestamp === undefined) return undefined;
      return {
        ...(timestamp === undefined ? {} : { timestamp }),
        ...(groups.version === undefined ? {} : { version: Number(groups.version) }),
        ...(groups.table === undefined ? {} : { table: groups.table.toUpperCase() }),
        ...(groups.n === undefined ? {} : { chunk: Number(groups.n) }),
      };
    },
  };
}

/** `20211108143500`, `202111081435`, `20211108` or `202111` in market time → the UTC instant; undefined if invalid. */
export function parseFileTimestamp(digits: string): Date | undefined {
  const part = (from: number, length: number, fallback: number): number =>
    digits.length >= from + length ? Number(digits.slice(from, from + length)) : fallback;
  const [y, mo, d, h, mi, s] = [
    part(0, 4, 0),
    part(4, 2, 1),
    part(6, 2, 1),
    part(8, 2, 0),
    part(10, 2, 0),
    part(12, 2, 0),
  ];
  if (mo < 1 || mo > 12 || d < 1 || h > 24 || mi > 59 || s > 59) return undefined;
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(local);
  // AEMO writes midnight at the end of a day as 24:00 in some files; anything else that rolls over is invalid.
  if (h < 24 && check.getUTCDate() !== d) return undefined;
  return new Date(local - MARKET_OFFSET_MS);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
