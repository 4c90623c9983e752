// Partition columns of every primitive type: values come from the log (typed by the schema), never from the data
// file or the directory name, and are returned with the table schema's polars dtypes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import pl, { type DataType } from 'nodejs-polars';
import { openTable } from '../../../../etl/src/lake/table';
import { LogBuilder, protocol } from '../log/log-builder';

const PARTITIONS: readonly [name: string, type: string, logged: string | null, shown: string | null][] = [
  ['p_string', 'string', 'A/B', 'A/B'],
  ['p_long', 'long', '9007199254740993', '9007199254740993'],
  ['p_integer', 'integer', '-7', '-7'],
  ['p_short', 'short', '300', '300'],
  ['p_byte', 'byte', '12.0', '12'], // delta-rs has logged integral values with ".0"
  ['p_float', 'float', '1.5', '1.5'],
  ['p_double', 'double', '2021.0', '2021.0'],
  ['p_boolean', 'boolean', 'true', 'true'],
  ['p_date', 'date', '2024-02-29', '2024-02-29'],
  ['p_timestamp', 'timestamp', '2024-01-01 10:00:00.123456', '2024-01-01 10:00:00.123456+00:00'],
  ['p_decimal', 'decimal(10,3)', '12.5', '12.500'],
  ['p_null', 'integer', null, null],
];

it('adds every primitive partition type from the log with the schema dtype', async () => {
  const b = new LogBuilder();
  const fields = [['id', 'long'], ...PARTITIONS.map(([n, t]) => [n, t])].map(([name, type]) => ({
    name,
    type,
    nullable: true,
    metadata: {},
  }));
  const metaData = {
    metaData: {
      id: 'a2b3c4d5-0000-4000-8000-000000000002',
      format: { provider: 'parquet', options: {} },
      schemaString: JSON.stringify({ type: 'struct', fields }),
      partitionColumns: PARTITIONS.map(([n]) => n),
      configuration: {},
    },
  };
  // The directory name deliberately disagrees with the log: values must come from the log.
  fs.mkdirSync(path.join(b.root, 'p_string=WRONG'));
  const file = 'p_string=WRONG/part-0.parquet';
  fs.writeFileSync(path.join(b.root, file), pl.DataFrame({ id: [1n, 2n] }).writeParquet());
  const partitionValues = Object.fromEntries(PARTITIONS.map(([n, , logged]) => [n, logged]));
  b.commit(0, protocol, metaData, {
    add: { path: file.replace('=', '%3D'), partitionValues, size: 1, modificationTime: 1, dataChange: true },
  });

  const df = (await openTable(b.root).scan()).collectSync();
  expect(df.height).toBe(2);
  const shown = df.select(...PARTITIONS.map(([n]) => pl.col(n).cast(pl.Utf8))).toRecords()[0]!;
  expect(shown).toEqual(Object.fromEntries(PARTITIONS.map(([n, , , s]) => [n, s])));
  const expected: Record<string, DataType> = {
    p_string: pl.String,
    p_long: pl.Int64,
    p_integer: pl.Int32,
    p_short: pl.Int16,
    p_byte: pl.Int8,
    p_float: pl.Float32,
    p_double: pl.Float64,
    p_boolean: pl.Bool,
    p_date: pl.Date,
    p_timestamp: pl.Datetime('us', 'UTC'),
    p_decimal: pl.Decimal(10, 3),
    p_null: pl.Int32,
  };
  const mismatched = PARTITIONS.map(([n]) => n).filter((n) => !df.getColumn(n).dtype.equals(expected[n]!));
  expect(mismatched).toEqual([]);
});
