// What the write tests share: a frame of every writable type, and DuckDB as an independent oracle that reads the
// same data files and log.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import pl from 'nodejs-polars';

/** Three rows covering extremes, nulls and unicode for each type; `extra` columns go before `struct`. */
export function everyType(extra: Record<string, pl.Series> = {}): pl.DataFrame {
  const text = (values: (string | null)[]) => pl.Series(values);
  return pl
    .DataFrame({
      byte: text(['-128', '127', null]).cast(pl.Int8),
      short: text(['-32768', '32767', null]).cast(pl.Int16),
      integer: text(['-2147483648', '2147483647', null]).cast(pl.Int32),
      long: text(['-9223372036854775808', '9223372036854775807', null]).cast(pl.Int64),
      float: pl.Series([1.5, -0.25, null]).cast(pl.Float32),
      double: pl.Series([Math.PI, -1e-300, null]),
      boolean: pl.Series([true, false, null]),
      string: text(['Wagga Wagga ⚡ 電力', '', null]),
      decimal: text(['12345678901234567890.123456789012345678', '-0.000000000000000001', null]).cast(
        pl.Decimal(38, 18),
      ),
      money: text(['-99999999.99', '0.01', null]).cast(pl.Decimal(10, 2)),
      date: text(['1969-12-31', '9999-12-31', null]).cast(pl.Date),
      timestamp: text(['-1', '1732500000123456', null]).cast(pl.Int64).cast(pl.Datetime('us', 'UTC')),
      array: pl.Series([[1, null, 3], [], null]).cast(pl.List(pl.Int64)),
      ...extra,
    })
    .withColumns(
      pl
        .struct([pl.col('long').alias('id'), pl.col('string').alias('name'), pl.col('array').alias('tags')])
        .alias('struct'),
    );
}

/** A fresh in-memory DuckDB connection. */
export async function duck(): Promise<DuckDBConnection> {
  return (await DuckDBInstance.create(':memory:')).connect();
}
