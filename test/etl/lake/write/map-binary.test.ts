// Map and binary columns: written by hyparquet-writer (polars cannot write a Parquet MAP nor name Binary), read
// back by our reader and by DuckDB as real MAP and BLOB columns, with appends, rewrites, checkpoints and the CLI.
import { promises as fs } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { parquetMetadata } from 'hyparquet';
import pl from 'nodejs-polars';
import { main } from '../../../../etl/src/cli/main';
import {
  type DataType,
  type DeltaTable,
  type StructType,
  SchemaMismatchError,
  binarySeries,
  mapSeries,
  openTable,
} from '../../../../etl/src/lake';
import { scratchTable, type ScratchTable } from '../operations/table-fixture';

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

async function duck(): Promise<DuckDBConnection> {
  return (await DuckDBInstance.create(':memory:')).connect();
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

  it('appends a second file built from our reader output and reads both, also after a delete rewrite', async () => {
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

  it('accepts binary as List<UInt8> (JS byte arrays) and refuses map values out of the declared range', async () => {
    const df = pl.DataFrame([
      pl.Series('id', [7]).cast(pl.Int64),
      pl.Series('payload', [new Uint8Array([0, 255])], pl.List(pl.UInt8)),
    ]);
    await table.write(df, { mode: 'append' });
    const rows = await readRows(table);
    expect(rows.find((r) => r.id === 7)).toEqual({
      id: 7,
      counts: null,
      labels: null,
      payload: '00ff',
      price: null,
    });

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
});
