// Every writable type through write → data files + log → our reader, compared exactly (polars frameEqual), and
// the same files and log read by DuckDB as an independent oracle (note §12).
import pl from 'nodejs-polars';
import { openTable } from '../../../../etl/src/lake';
import { scratchTable, type ScratchTable } from '../operations/table-fixture';
import { duck, everyType } from './every-type';

describe('round trip of every type', () => {
  let t: ScratchTable;
  beforeEach(async () => {
    t = await scratchTable('lake-rt-');
  });
  afterEach(() => t.cleanup());

  it('reads back exactly what was written, through the public DeltaTable API', async () => {
    const table = openTable(t.root);
    const source = everyType();
    await table.write(source, { mode: 'append' });
    const back = (await table.scan()).collectSync();
    expect(back.columns).toEqual(source.columns);
    expect(back.dtypes.map(String)).toEqual(source.dtypes.map(String));
    expect(back.frameEqual(source, true)).toBe(true);
    const metaData = (await t.commitLines(0)).find((l) => l.metaData)!.metaData!;
    const field = (name: string, type: unknown) => ({ name, type, nullable: true, metadata: {} });
    const longArray = { type: 'array', elementType: 'long', containsNull: true };
    expect(JSON.parse(String(metaData.schemaString))).toEqual({
      type: 'struct',
      fields: [
        ...['byte', 'short', 'integer', 'long', 'float', 'double', 'boolean', 'string'].map((n) =>
          field(n, n),
        ),
        field('decimal', 'decimal(38,18)'),
        field('money', 'decimal(10,2)'),
        field('date', 'date'),
        field('timestamp', 'timestamp'),
        field('array', longArray),
        field('struct', {
          type: 'struct',
          fields: [field('id', 'long'), field('name', 'string'), field('tags', longArray)],
        }),
      ],
    });
  });

  it('round-trips every primitive as a partition value, nulls and escaping included', async () => {
    const partitions = [
      'byte',
      'short',
      'integer',
      'long',
      'boolean',
      'string',
      'money',
      'date',
      'timestamp',
    ];
    const source = everyType()
      .select(...partitions, 'double')
      .withColumns(
        pl
          .when(pl.col('string').eq(pl.lit('')))
          .then(pl.lit('a/b=c%d'))
          .otherwise(pl.col('string'))
          .alias('string'),
      );
    const table = openTable(t.root);
    await table.write(source, { mode: 'append', partitionBy: partitions });
    const back = (await table.scan()).collectSync().sort('double');
    expect(back.frameEqual(source.sort('double'), true)).toBe(true);
    const adds = (await t.commitLines(0)).filter((l) => l.add).map((l) => l.add!);
    expect(adds.map((a) => a.partitionValues)).toContainEqual({
      byte: '127',
      short: '32767',
      integer: '2147483647',
      long: '9223372036854775807',
      boolean: 'false',
      string: 'a/b=c%d',
      money: '0.01',
      date: '9999-12-31',
      timestamp: '2024-11-25T02:00:00.123456Z',
    });
    expect(adds.map((a) => a.partitionValues)).toContainEqual(
      Object.fromEntries(partitions.map((p) => [p, null])),
    );
    expect(adds.map((a) => String(a.path))).toContainEqual(
      expect.stringMatching(/\/string=a%252Fb%253Dc%2525d\//),
    );
  });

  it('writes files DuckDB reads with the same values and UTC-adjusted microsecond timestamps', async () => {
    await openTable(t.root).write(everyType(), { mode: 'append' });
    const add = (await t.commitLines(0)).find((l) => l.add)!.add!;
    const file = `${t.root}/${decodeURIComponent(String(add.path))}`;
    const db = await duck();
    const rows = await db.runAndReadAll(
      `select byte, short, integer, long::varchar as long, float, boolean, string, decimal::varchar as decimal,
              money::varchar as money, date::varchar as date, epoch_us("timestamp") as ts, "array", "struct".name as name
       from read_parquet('${file}')`,
    );
    expect(rows.getRowObjectsJson()).toEqual([
      {
        byte: -128,
        short: -32768,
        integer: -2147483648,
        long: '-9223372036854775808',
        float: 1.5,
        boolean: true,
        string: 'Wagga Wagga ⚡ 電力',
        decimal: '12345678901234567890.123456789012345678',
        money: '-99999999.99',
        date: '1969-12-31',
        ts: '-1',
        array: ['1', null, '3'],
        name: 'Wagga Wagga ⚡ 電力',
      },
      {
        byte: 127,
        short: 32767,
        integer: 2147483647,
        long: '9223372036854775807',
        float: -0.25,
        boolean: false,
        string: '',
        decimal: '-0.000000000000000001',
        money: '0.01',
        date: '9999-12-31',
        ts: '1732500000123456',
        array: [],
        name: '',
      },
      {
        byte: null,
        short: null,
        integer: null,
        long: null,
        float: null,
        boolean: null,
        string: null,
        decimal: null,
        money: null,
        date: null,
        ts: null,
        array: null,
        name: null,
      },
    ]);
    const schema = await db.runAndReadAll(
      `select logical_type from parquet_schema('${file}') where name = 'timestamp'`,
    );
    expect(String(schema.getRowObjectsJson()[0]!.logical_type)).toMatch(
      /isAdjustedToUTC=1.*MICROS|TimestampType\(isAdjustedToUTC=1, unit=TimeUnit\(MILLIS=<null>, MICROS=MicroSeconds\(\)/,
    );
    db.closeSync();
  });

  it('records stats DuckDB agrees with (min, max, null count per column)', async () => {
    await openTable(t.root).write(everyType(), { mode: 'append' });
    const add = (await t.commitLines(0)).find((l) => l.add)!.add!;
    const stats = JSON.parse(String(add.stats));
    const file = `${t.root}/${decodeURIComponent(String(add.path))}`;
    const db = await duck();
    const oracle = (
      await db.runAndReadAll(
        `select min(long)::varchar as lo, max(long)::varchar as hi, count(*) - count(long) as nulls,
                strftime(min(timestamp), '%Y-%m-%dT%H:%M:%S.%gZ') as tmin, min(date)::varchar as dmin
         from read_parquet('${file}')`,
      )
    ).getRowObjectsJson()[0]!;
    expect(add.stats).toContain(`"long":${oracle.lo}`);
    expect(add.stats).toContain(`"long":${oracle.hi}`);
    expect(stats.nullCount.long).toBe(Number(oracle.nulls));
    expect(stats.minValues.timestamp).toBe('1969-12-31T23:59:59.999Z'); // -1 µs floored to the millisecond
    expect(stats.maxValues.timestamp).toBe('2024-11-25T02:00:00.124Z'); // rounded up
    expect(stats.minValues.date).toBe(oracle.dmin);
    expect(stats.minValues.struct).toEqual({ id: -9223372036854775808, name: '' });
    expect(stats.nullCount.struct).toEqual({ id: 1, name: 1 });
    expect(stats.minValues.array).toBeUndefined();
    db.closeSync();
  });
});

describe('the log, replayed by DuckDB', () => {
  let t: ScratchTable;
  beforeEach(async () => {
    t = await scratchTable('lake-oracle-');
  });
  afterEach(() => t.cleanup());

  it('reconciles to the same live files and rows as our reader after every kind of commit', async () => {
    const table = openTable(t.root);
    const batch = (region: string, ids: number[]) =>
      pl
        .DataFrame({ region: ids.map(() => region), id: ids, v: ids.map((i) => i * 10) })
        .withColumns(pl.col('id').cast(pl.Int64));
    await table.write(batch('NSW1', [1, 2, 3]), { mode: 'append', partitionBy: ['region'] });
    await table.write(batch('VIC1', [4, 5]), { mode: 'append' });
    await table.write(batch('QLD1', [6]), { mode: 'append' });
    await table.delete({ column: 'id', op: '=', value: 2 });
    await table.merge(batch('VIC1', [5, 7]), { on: ['id'] });
    await table.write(batch('QLD1', [8]), {
      mode: 'overwrite',
      replaceWhere: { column: 'region', op: '=', value: 'QLD1' },
    });
    await table.write(batch('NSW1', [9]), { mode: 'append' });
    await table.optimize();

    const snapshot = await table.snapshot();
    const db = await duck();
    const live = await db.runAndReadAll(
      `with actions as (
         select regexp_extract(filename, '(\\d{20})\\.json$', 1)::bigint as version,
                coalesce(add.path, remove.path) as path, add is not null as is_add
         from read_ndjson('${t.root}/_delta_log/0*.json', filename = true, union_by_name = true,
                          columns = {add: 'STRUCT(path VARCHAR)', remove: 'STRUCT(path VARCHAR)'})
         where add is not null or remove is not null),
       latest as (select *, row_number() over (partition by path order by version desc) as rn from actions)
       select path from latest where rn = 1 and is_add order by path`,
    );
    const duckPaths = live.getRowObjectsJson().map((r) => String(r.path));
    expect(duckPaths).toEqual(snapshot.files.map((f) => f.path).sort());

    const files = duckPaths.map((p) => `'${t.root}/${decodeURIComponent(p)}'`).join(', ');
    const rows = await db.runAndReadAll(
      `select id::integer as id, v::integer as v from read_parquet([${files}]) order by id`,
    );
    const ours = (await table.scan()).collectSync().sort('id');
    expect(rows.getRowObjectsJson()).toEqual(
      ours.select(pl.col('id').cast(pl.Int32), pl.col('v').cast(pl.Int32)).toRecords(),
    );
    expect(ours.getColumn('id').toArray()).toEqual([1, 3, 4, 5, 7, 8, 9]);
    db.closeSync();
  });
});
