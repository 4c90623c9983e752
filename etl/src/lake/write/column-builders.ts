// Building map and binary columns from JS values. nodejs-polars 0.25.2 has no Map dtype and cannot build a
// List<Struct> or a Binary series from JS values directly, so these take detours it does support: maps cross as
// JSON lines (read with full schema inference, exact for int64), binary as hex text decoded by polars. The
// results have the shapes the reader returns for map and binary columns, so a scanned frame writes back as is.
import pl from 'nodejs-polars';

/** A map key or value as JSON carries it (bigint for exact longs). */
export type MapScalar = string | number | bigint | boolean | null;
export type MapEntries = ReadonlyMap<MapScalar, MapScalar> | Readonly<Record<string, MapScalar>>;

/**
 * A Delta map column as polars holds it: List<Struct{key, value}>, one entry per key in insertion order; null
 * stays a null map and an empty map an empty list. Value types are inferred over every row (strings, Int64,
 * Float64, Bool); the table schema's cast narrows them (e.g. to integer) on write.
 */
export function mapSeries(name: string, values: readonly (MapEntries | null)[]): pl.Series {
  const lines = values.map((value) => {
    if (value === null) return '{"m":null}';
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
    const items = entries.map(([key, item]) => `{"key":${jsonScalar(key)},"value":${jsonScalar(item)}}`);
    return `{"m":[${items.join(',')}]}`;
  });
  if (lines.length === 0) return pl.Series(name, [], pl.List(pl.Struct({ key: pl.Utf8, value: pl.Utf8 })));
  const df = pl.readJSON(Buffer.from(`${lines.join('\n')}\n`), { format: 'lines', inferSchemaLength: null });
  return df.getColumn('m').alias(name);
}

function jsonScalar(value: MapScalar): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new RangeError(`mapSeries: ${value} is not representable in a map built from JSON`);
  }
  return JSON.stringify(value);
}

/** A Delta binary column as polars holds it (dtype Binary); null stays null, empty bytes stay empty. */
export function binarySeries(name: string, values: readonly (Uint8Array | null)[]): pl.Series {
  const hex = values.map((v) =>
    v === null ? null : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex'),
  );
  return pl
    .DataFrame([pl.Series(name, hex, pl.Utf8)])
    .select(pl.col(name).str.decode('hex').alias(name))
    .getColumn(name);
}
