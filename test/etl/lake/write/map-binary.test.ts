// Map and binary columns: written by hyparquet-writer (polars cannot write a Parquet MAP nor name Binary), read
// back by our reader and by DuckDB as real MAP and BLOB columns, with appends, rewrites, checkpoints and the CLI.
import { promises as fs } from 'node:fs';
import { parquetMetadata } from 'hyparquet';
import pl from 'nodejs-polars';
import { main } from '../../../../etl/src/cli/main';
import {
  type DataType,
  type DeltaTable,
  type StructType,
  SchemaMismatchError,
  binarySeries,
  encodeRows,
  mapSeries,
  stringifyEncoded,
  openTable,
} from '../../../../etl/src/lake';
import { scratchTable, type ScratchTable } from '../operations/table-fixture';
import { duck, everyType } from './every-type';

const primitive = (name: Extract<DataType, { kind: 'primitive' }>['name']): DataType => ({
  kind: 'primitive',
  name,
});
const field = (name: string, type: StructType['fields'][number]['type']) => ({
  name,
  type,
  nullable: true,
  metadata: {},
});
const SCHEMA: StructType = {
  kind: 'struct',
  fields: [
    field('id', primitive('long')),
    field('counts', {
      kind: 'map',
      keyType: primitive('string'),
      valueType: primitive('integer'),
      valueContainsNull: true,
    }),
    field('labels', {
      kind: 'map',
      keyType: primitive('string'),
      valueType: primitive('string'),
      valueContainsNull: true,
    }),
    field('payload', primitive('binary')),
    field('price', primitive('double')),
    field('at', primitive('timestamp')),
  ],
};

const BYTES = [
  new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0xc3]), // not UTF-8
  new Uint8Array(0),
  null,
];

function firstBatch(): pl.DataFrame {
  return pl.DataFrame([
    pl.Series('id', [1, 2, 3]).cast(pl.Int64),
    mapSeries('counts', [{ NSW1: 1, VIC1: -2147483648 }, {}, null]),
    mapSeries('labels', [{ region: 'NSW1', note: null }, null, { 'k ⚡': '電力' }]),
    binarySeries('payload', BYTES),
    pl.Series('price', [300.5, null, -1e-300]),
    pl.Series('at', ['1732500000123456', '-1', null]).cast(pl.Int64).cast(pl.Datetime('us', 'UTC')),
  ]);
}

/** What every reader must return for the first batch, as plain JSON values (binary as hex). */
const EXPECTED = [
  {
    id: 1,
    counts: { NSW1: 1, VIC1: -2147483648 },
    labels: { region: 'NSW1', note: null },
    payload: 'fffe0080c3',
    price: 300.5,
  },
  { id: 2, counts: {}, labels: null, payload: '', price: null },
  { id: 3, counts: null, labels: { 'k ⚡': '電力' }, payload: null, price: -1e-300 },
];

/** Our reader's rows as JSON values: maps as objects, binary as hex (polars casts Binary to a byte list). */
async function readRows(table: DeltaTable): Promise<Record<string, unknown>[]> {
  const df = (await table.scan({ columns: ['id', 'counts', 'labels', 'payload', 'price'] }))
    .collectSync()
    .sort('id')
    .withColumns(pl.col('payload').cast(pl.List(pl.UInt8)));
  const asObject = (entries: unknown) =>
    entries === null
      ? null
      : Object.fromEntries((entries as { key: string; value: unknown }[]).map((e) => [e.key, e.value]));
  return df
    .writeJSON({ format: 'lines' })
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      return {
        ...row,
        counts: asObject(row.counts),
        labels: asObject(row.labels),
        payload: row.payload === null ? null : Buffer.from(row.payload as number[]).toString('hex'),
      };
    });
}

async function dataFiles(table: DeltaTable, root: string): Promise<string[]> {
  const snapshot = await table.snapshot();
  return snapshot.files.map((f) => `${root}/${decodeURIComponent(f.path)}`);
}

describe('map and binary columns', () => {
  let t: ScratchTable;
  let table: DeltaTable;
  beforeEach(async () => {
    t = await scratchTable('lake-map-');
    table = openTable(t.root);
    await table.create({ schema: SCHEMA });
    await table.write(firstBatch(), { mode: 'append' });
  });
  afterEach(() => t.cleanup());

  it('reads back exactly through our reader, timestamps included', async () => {
    expect(await readRows(table)).toEqual(EXPECTED);
    const at = (await table.scan({ columns: ['id', 'at'] })).collectSync().sort('id');
    expect(at.getColumn('at').cast(pl.Int64).cast(pl.Utf8).toArray()).toEqual([
      '1732500000123456',
      '-1',
      null,
    ]);
  });

  it('writes real Parquet MAP and BLOB columns that DuckDB reads with the same values', async () => {
    const [file] = await dataFiles(table, t.root);
    const db = await duck();
    const types = await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    expect(
      Object.fromEntries(
        types.getRowObjectsJson().map((r) => [String(r.column_name), String(r.column_type)]),
      ),
    ).toEqual({
      id: 'BIGINT',
      counts: 'MAP(VARCHAR, INTEGER)',
      labels: 'MAP(VARCHAR, VARCHAR)',
      payload: 'BLOB',
      price: 'DOUBLE',
      at: 'TIMESTAMP WITH TIME ZONE',
    });
    const rows = await db.runAndReadAll(
      `SELECT id, to_json(counts)::VARCHAR AS counts, to_json(labels)::VARCHAR AS labels,
              lower(hex(payload)) AS payload, price, epoch_us("at") AS ts
       FROM read_parquet('${file}') ORDER BY id`,
    );
    expect(
      rows.getRowObjectsJson().map((r) => ({
        id: Number(r.id),
        counts: r.counts === null ? null : JSON.parse(String(r.counts)),
        labels: r.labels === null ? null : JSON.parse(String(r.labels)),
        payload: r.payload,
        price: r.price,
      })),
    ).toEqual(EXPECTED);
    expect(rows.getRowObjectsJson().map((r) => r.ts)).toEqual(['1732500000123456', '-1', null]);
  });

  it('records numRecords, null counts for binary and bounds for the other columns, none for maps', async () => {
    const add = (await t.commitLines(1)).find((l) => l.add)!.add!;
    const stats = JSON.parse(String(add.stats));
    expect(stats).toEqual({
      numRecords: 3,
      minValues: { id: 1, price: -1e-300, at: '1969-12-31T23:59:59.999Z' },
      maxValues: { id: 3, price: 300.5, at: '2024-11-25T02:00:00.124Z' },
      nullCount: { id: 0, payload: 1, price: 1, at: 1 },
    });
    const bytes = await fs.readFile(`${t.root}/${decodeURIComponent(String(add.path))}`);
    expect(add.size).toBe(bytes.length);
    const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    expect(metadata.num_rows).toBe(3n);
  });

  it('appends a second file built from our reader output and reads both, also after delete and optimize rewrites', async () => {
    const again = (await table.scan()).collectSync().withColumns(pl.col('id').add(10));
    await table.write(again, { mode: 'append' });
    expect((await table.snapshot()).files).toHaveLength(2);
    const shifted = EXPECTED.map((row) => ({ ...row, id: row.id + 10 }));
    expect(await readRows(table)).toEqual([...EXPECTED, ...shifted]);

    await table.delete({ column: 'id', op: '=', value: 12 });
    const kept = [...EXPECTED, ...shifted.filter((r) => r.id !== 12)];
    expect(await readRows(table)).toEqual(kept);
    const db = await duck();
    const files = (await dataFiles(table, t.root)).map((f) => `'${f}'`).join(', ');
    const duckRows = await db.runAndReadAll(
      `SELECT id, typeof(counts) AS ct, lower(hex(payload)) AS payload FROM read_parquet([${files}]) ORDER BY id`,
    );
    expect(duckRows.getRowObjectsJson()).toEqual(
      kept.map((r) => ({ id: String(r.id), ct: 'MAP(VARCHAR, INTEGER)', payload: r.payload })),
    );

    await table.optimize();
    expect((await table.snapshot()).files).toHaveLength(1);
    expect(await readRows(table)).toEqual(kept);
  });

  it('survives a checkpoint: the state read from it holds the same rows', async () => {
    await table.write(firstBatch().withColumns(pl.col('id').add(100)), { mode: 'append' });
    const version = await table.checkpoint();
    expect(version).toBe(2);
    await fs.rm(`${t.root}/_delta_log/00000000000000000001.json`);
    const reopened = openTable(t.root);
    expect((await reopened.snapshot()).files).toHaveLength(2);
    const rows = await readRows(reopened);
    expect(rows).toEqual([...EXPECTED, ...EXPECTED.map((r) => ({ ...r, id: r.id + 100 }))]);
  });

  it('accepts binary as List<UInt8> (JS byte arrays), missing map/binary columns as nulls, zstd; refuses out-of-range map values', async () => {
    const df = pl.DataFrame([
      pl.Series('id', [7]).cast(pl.Int64),
      pl.Series('payload', [new Uint8Array([0, 255])], pl.List(pl.UInt8)),
    ]);
    await table.write(df, { mode: 'append', compression: 'zstd' });
    await table.write(pl.DataFrame([pl.Series('id', [8]).cast(pl.Int64)]), { mode: 'append' });
    const rows = await readRows(table);
    expect(rows.filter((r) => Number(r.id) >= 7)).toEqual([
      { id: 7, counts: null, labels: null, payload: '00ff', price: null },
      { id: 8, counts: null, labels: null, payload: null, price: null },
    ]);
    const zstd = (await t.commitLines(2)).find((l) => l.add)!.add!;
    expect(String(zstd.path)).toMatch(/\.zstd\.parquet$/);
    const bytes = await fs.readFile(`${t.root}/${decodeURIComponent(String(zstd.path))}`);
    const footer = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
    expect(footer.row_groups[0]!.columns[0]!.meta_data!.codec).toBe('ZSTD');

    const tooBig = pl.DataFrame([mapSeries('counts', [{ a: 2147483648 }])]);
    await expect(table.write(tooBig, { mode: 'append' })).rejects.toThrow(SchemaMismatchError);
  });

  it('etl table show --format jsonl encodes maps as objects and binary as base64', async () => {
    let stdout = '';
    const out = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk) => ((stdout += String(chunk)), true));
    let code: number;
    try {
      code = await main([
        'table',
        'show',
        t.root,
        '--format',
        'jsonl',
        '--columns',
        'id,counts,labels,payload',
      ]);
    } finally {
      out.mockRestore();
    }
    expect(code).toBe(0);
    const rows = stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .sort((a, b) => Number(a.id) - Number(b.id));
    expect(rows).toEqual(
      EXPECTED.map(({ id, counts, labels, payload }) => ({
        id,
        counts,
        labels,
        payload: payload === null ? null : Buffer.from(payload, 'hex').toString('base64'),
      })),
    );
  });
});

describe('binary columns in new tables', () => {
  let t: ScratchTable;
  beforeEach(async () => {
    t = await scratchTable('lake-bin-');
  });
  afterEach(() => t.cleanup());

  it('infers binary for a top-level Binary column', async () => {
    const table = openTable(t.root);
    await table.write(
      pl.DataFrame([pl.Series('k', ['a', 'b']), binarySeries('blob', [new Uint8Array([1, 2, 3]), null])]),
      { mode: 'append' },
    );
    const schema = (await table.snapshot()).schema;
    expect(schema.fields.map((f) => [f.name, f.type])).toEqual([
      ['k', primitive('string')],
      ['blob', primitive('binary')],
    ]);
    const back = (await table.scan()).collectSync().select(pl.col('blob').cast(pl.List(pl.UInt8)));
    expect(back.getColumn('blob').toArray()).toEqual([[1, 2, 3], null]);
  });

  it('refuses binary nested below the top level without a declared schema, naming the column', async () => {
    const table = openTable(t.root);
    const nested = pl
      .DataFrame({ hex: ['6162'] })
      .select(pl.struct([pl.col('hex').str.decode('hex').alias('b')]).alias('s'));
    await expect(table.write(nested, { mode: 'append' })).rejects.toThrow(
      `${table.storage.objects.uri}: the data does not match the table schema:\n` +
        '  1. column "s": polars type struct[1] holds binary data below the top level; create the table with an ' +
        'explicit schema first',
    );
  });

  it('refuses a column that is not a list of key/value structs for a map', async () => {
    const table = openTable(t.root);
    await table.create({ schema: SCHEMA });
    await expect(
      table.write(pl.DataFrame([pl.Series('labels', [['a']])]), { mode: 'append' }),
    ).rejects.toThrow(
      'column "labels": has type array<string> but the table declares map<string,string>; type changes need a ' +
        'rewrite of the table',
    );
  });

  it('encodes every other type exactly as polars writes it: same values, same stats', async () => {
    const source = everyType({ small: pl.Series(['-9.5', '0.001', null]).cast(pl.Decimal(5, 3)) });
    const viaPolars = openTable(t.root);
    await viaPolars.write(source, { mode: 'append' });
    const schema = (await viaPolars.snapshot()).schema;
    const other = await scratchTable('lake-map-every-');
    try {
      const viaHyparquet = openTable(other.root);
      const m = {
        kind: 'map',
        keyType: primitive('string'),
        valueType: primitive('long'),
        valueContainsNull: true,
      } as const;
      await viaHyparquet.create({ schema: { kind: 'struct', fields: [...schema.fields, field('m', m)] } });
      await viaHyparquet.write(source.withColumns(mapSeries('m', [{ a: 9007199254740993n }, null, {}])), {
        mode: 'append',
      });
      const back = (await viaHyparquet.scan()).collectSync();
      expect(back.select(...source.columns).dtypes.map(String)).toEqual(source.dtypes.map(String));
      expect(back.select(...source.columns).frameEqual(source, true)).toBe(true);
      const rows = [...encodeRows(back.select('m'), { kind: 'struct', fields: [field('m', m)] })];
      expect(rows.map((r) => stringifyEncoded(r))).toEqual([
        '{"m":{"a":9007199254740993}}',
        '{"m":null}',
        '{"m":{}}',
      ]);
      const statsOf = async (s: ScratchTable, version: number) =>
        JSON.parse(String((await s.commitLines(version)).find((l) => l.add)!.add!.stats));
      expect(await statsOf(other, 1)).toEqual(await statsOf(t, 0));
    } finally {
      await other.cleanup();
    }
  });

  it('writes map and binary nested in structs and arrays, and leaves NaN columns without bounds', async () => {
    const nestedType: DataType = {
      kind: 'struct',
      fields: [
        field('blob', primitive('binary')),
        field('tags', {
          kind: 'map',
          keyType: primitive('integer'),
          valueType: primitive('string'),
          valueContainsNull: true,
        }),
        field('blobs', { kind: 'array', elementType: primitive('binary'), containsNull: true }),
      ],
    };
    const listOfMaps: DataType = {
      kind: 'array',
      elementType: {
        kind: 'map',
        keyType: primitive('string'),
        valueType: primitive('double'),
        valueContainsNull: true,
      },
      containsNull: true,
    };
    const schema: StructType = {
      kind: 'struct',
      fields: [
        field('id', primitive('integer')),
        field('nested', nestedType),
        field('x', primitive('double')),
        field('lm', listOfMaps),
      ],
    };
    const table = openTable(t.root);
    await table.create({ schema });
    const df = pl
      .DataFrame([
        pl.Series('id', [1, 2]).cast(pl.Int32),
        binarySeries('blob', [new Uint8Array([0xc3, 0x28]), null]),
        mapSeries('tags', [
          new Map([
            [7, 'seven'],
            [-1, null],
          ]),
          null,
        ]),
        // Nested lists cannot be built from JS values directly: they come through JSON lines.
        ...pl
          .readJSON(
            Buffer.from(
              '{"blobs":[[1],null],"lm":[[{"key":"a","value":1.5}],null,[]]}\n{"blobs":null,"lm":null}\n',
            ),
            { format: 'lines' },
          )
          .withColumns(pl.col('blobs').cast(pl.List(pl.List(pl.UInt8))))
          .getColumns(),
        pl.Series('x', [NaN, 2.5]),
      ])
      .select(
        pl.col('id'),
        pl.struct([pl.col('blob'), pl.col('tags'), pl.col('blobs')]).alias('nested'),
        pl.col('x'),
        pl.col('lm'),
      );
    await table.write(df, { mode: 'append' });
    const back = (await table.scan()).collectSync().sort('id');
    expect([...encodeRows(back, schema)].map((r) => stringifyEncoded(r))).toEqual([
      '{"id":1,"nested":{"blob":"wyg=","tags":{"7":"seven","-1":null},"blobs":["AQ==",null]},"x":"NaN","lm":[{"a":1.5},null,{}]}',
      '{"id":2,"nested":{"blob":null,"tags":null,"blobs":null},"x":2.5,"lm":null}',
    ]);
    const stats = JSON.parse(String((await t.commitLines(1)).find((l) => l.add)!.add!.stats));
    expect(stats).toEqual({
      numRecords: 2,
      minValues: { id: 1 },
      maxValues: { id: 2 },
      nullCount: { id: 0, nested: { blob: 1 }, x: 0 },
    });
    const db = await duck();
    const [file] = await dataFiles(table, t.root);
    const types = await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`);
    expect(String(types.getRowObjectsJson()[1]!.column_type)).toBe(
      'STRUCT(blob BLOB, tags MAP(INTEGER, VARCHAR), blobs BLOB[])',
    );
  });

  it('writes partitioned tables and merges into them, rewriting files with maps intact', async () => {
    const m = {
      kind: 'map',
      keyType: primitive('string'),
      valueType: primitive('integer'),
      valueContainsNull: true,
    } as const;
    const schema: StructType = {
      kind: 'struct',
      fields: [
        field('region', primitive('string')),
        field('id', primitive('long')),
        field('m', m),
        field('b', primitive('binary')),
      ],
    };
    const table = openTable(t.root);
    await table.create({ schema, partitionBy: ['region'] });
    const rows = (regions: string[], ids: number[], maps: Record<string, number>[]) =>
      pl.DataFrame([
        pl.Series('region', regions),
        pl.Series('id', ids).cast(pl.Int64),
        mapSeries('m', maps),
        binarySeries(
          'b',
          ids.map((id) => new Uint8Array([id, 0xff])),
        ),
      ]);
    await table.write(rows(['NSW1', 'VIC1'], [1, 2], [{ a: 1 }, { b: 2 }]), { mode: 'append' });
    await table.merge(rows(['NSW1', 'QLD1'], [1, 3], [{ a: 10, z: 26 }, {}]), {
      on: ['id'],
      whenMatched: 'update',
      whenNotMatched: 'insert',
    });
    const back = (await table.scan()).collectSync().sort('id');
    expect([...encodeRows(back, schema)].map((r) => stringifyEncoded(r))).toEqual([
      '{"region":"NSW1","id":1,"m":{"a":10,"z":26},"b":"Af8="}',
      '{"region":"VIC1","id":2,"m":{"b":2},"b":"Av8="}',
      '{"region":"QLD1","id":3,"m":{},"b":"A/8="}',
    ]);
    const files = (await dataFiles(table, t.root)).map((f) => `'${f}'`).join(', ');
    const db = await duck();
    const types = await db.runAndReadAll(
      `SELECT DISTINCT typeof(m) AS t FROM read_parquet([${files}], union_by_name = true)`,
    );
    expect(types.getRowObjectsJson()).toEqual([{ t: 'MAP(VARCHAR, INTEGER)' }]);
  });
});
