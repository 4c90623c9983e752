// Per-file statistics (PROTOCOL.md "Per-file Statistics", notes §6): `add.stats` is JSON text, or in checkpoints
// written with writeStatsAsStruct a parsed `stats_parsed` struct. Integers beyond ±2^53 are kept exact as bigint
// (JSON.parse would round them, and a rounded bound can skip a file wrongly, notes §10.5).

export interface FileStats {
  readonly numRecords?: number;
  /** Nested like the schema: column → value, or struct column → { field → value }. */
  readonly minValues: Readonly<Record<string, unknown>>;
  readonly maxValues: Readonly<Record<string, unknown>>;
  readonly nullCount: Readonly<Record<string, unknown>>;
  /** False when bounds may be wider than the data (after deletion vectors); absent = true. */
  readonly tightBounds: boolean;
}

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

// Node ≥ 21 passes the source text of primitives to the reviver (TC39 "JSON.parse source text access").
const keepBigIntegers: Reviver = (_key, value, context) => {
  if (typeof value === 'number' && !Number.isSafeInteger(value) && context?.source !== undefined) {
    if (/^-?\d+$/.test(context.source)) return BigInt(context.source);
  }
  return value;
};

/** Parses `add.stats`; returns undefined when absent or unparsable (no stats = no skipping, never an error). */
export function parseStatsJson(text: string | undefined): FileStats | undefined {
  if (text === undefined || text === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text, keepBigIntegers as (key: string, value: unknown) => unknown);
  } catch {
    return undefined;
  }
  return normaliseStats(json);
}

/** Accepts the parsed JSON or a checkpoint's `stats_parsed` struct (where counts arrive as bigint). */
export function normaliseStats(json: unknown): FileStats | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  const numRecords =
    typeof o.numRecords === 'number'
      ? o.numRecords
      : typeof o.numRecords === 'bigint'
        ? Number(o.numRecords)
        : undefined;
  const objectOrEmpty = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  return {
    ...(numRecords === undefined ? {} : { numRecords }),
    minValues: objectOrEmpty(o.minValues),
    maxValues: objectOrEmpty(o.maxValues),
    nullCount: objectOrEmpty(o.nullCount),
    tightBounds: o.tightBounds !== false,
  };
}

/** The null count of a top-level column, when recorded. */
export function nullCountOf(stats: FileStats, column: string): number | undefined {
  const v = stats.nullCount[column];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return undefined;
}
