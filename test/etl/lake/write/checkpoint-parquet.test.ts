import { DuckDBInstance } from '@duckdb/node-api';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import pl from 'nodejs-polars';
import { type CheckpointContent, encodeCheckpoint } from '../../../../etl/src/lake/write/checkpoint-parquet';

const fixtures = path.resolve(__dirname, '../../../../..', 'shared', 'fixtures');
const sparkCheckpoint = path.join(
  fixtures,
  'delta/dat/with_checkpoint/delta/_delta_log/00000000000000000002.checkpoint.parquet',
);

const content: CheckpointContent = {
  protocol: { minReaderVersion: 1, minWriterVersion: 2 },
  metadata: {
    id: '5f1b7c3e-0000-4000-8000-000000000001',
    format: { provider: 'parquet', options: {} },
    schemaString: '{"type":"struct","fields":[{"name":"x","type":"long","nullable":true,"metadata":{}}]}',
    partitionColumns: ['region'],
    configuration: { 'delta.checkpointInterval': '10' },
    createdTime: 1_700_000_000_000,
  },
  txns: [{ appId: 'loader', version: 12, lastUpdated: 1_700_000_000_001 }],
  adds: [
    {
      path: 'region=NSW1/part-1.parquet',
      partitionValues: { region: 'NSW1' },
      size: 1234,
      modificationTime: 1_700_000_000_002,
      dataChange: true,
      stats: '{"numRecords":3}',
    },
    {
      path: 'region=__HIVE_DEFAULT_PARTITION__/part-2.parquet',
      partitionValues: { region: null },
      size: 99,
      modificationTime: 1_700_000_000_003,
      dataChange: false,
    },
  ],
  removes: [
    {
      path: 'region=VIC1/part-0.parquet',
      deletionTimestamp: 1_700_000_000_004,
      dataChange: true,
      extendedFileMetadata: true,
      partitionValues: { region: 'VIC1' },
      size: 77,
    },
  ],
};

const plain = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));

describe('encodeCheckpoint', () => {
  let dir: string;
  let file: string;
  let bytes: Uint8Array;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lake-cp-'));
    file = path.join(dir, '00000000000000000010.checkpoint.parquet');
    ({ bytes } = encodeCheckpoint(content));
    await fs.writeFile(file, bytes);
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('has the Parquet schema of a Spark checkpoint, element by element', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const schemaOf = async (f: string) =>
      (
        await connection.runAndReadAll(
          `select name, type, repetition_type, converted_type, num_children from parquet_schema('${f}')`,
        )
      )
        .getRowObjectsJson()
        .slice(1); // the root's name differs by writer
    expect(await schemaOf(file)).toEqual(await schemaOf(sparkCheckpoint));
    connection.closeSync();
  });

  it('reads back in hyparquet with maps as objects and the rows in Spark order', async () => {
    const rows = plain(await parquetReadObjects({ file: bytes.buffer as ArrayBuffer })) as Record<
      string,
      unknown
    >[];
    expect(rows).toHaveLength(6);
    expect(rows[0]).toMatchObject({ protocol: { minReaderVersion: 1, minWriterVersion: 2 }, add: null });
    expect(rows[1]!.metaData).toMatchObject({
      partitionColumns: ['region'],
      configuration: { 'delta.checkpointInterval': '10' },
      format: { provider: 'parquet', options: {} },
    });
    expect(rows[2]!.txn).toEqual({ appId: 'loader', version: 12, lastUpdated: 1_700_000_000_001 });
    expect(rows[3]!.add).toEqual({ ...content.adds[0], tags: null });
    expect(rows[4]!.add).toEqual({ ...content.adds[1], tags: null, stats: null });
    expect(rows[5]!.remove).toEqual({ ...content.removes[0], tags: null });
  });

  it('reads back in polars (maps as lists of key/value structs)', () => {
    const df = pl.readParquet(file);
    expect(df.columns).toEqual(['txn', 'add', 'remove', 'metaData', 'protocol']);
    const adds = (df.getColumn('add').toArray() as unknown as ({ path: string | null } | null)[]).filter(
      (a) => a?.path,
    ) as unknown as Record<string, unknown>[];
    expect(adds.map((a) => a.partitionValues)).toEqual([
      [{ key: 'region', value: 'NSW1' }],
      [{ key: 'region', value: null }],
    ]);
  });

  it('reads back in DuckDB as MAP(VARCHAR, VARCHAR)', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const reader = await connection.runAndReadAll(
      `select typeof(add.partitionValues) as t, add.partitionValues['region'] as region, add.size as size
       from read_parquet('${file}') where add is not null order by add.path`,
    );
    expect(reader.getRowObjectsJson()).toEqual([
      { t: 'MAP(VARCHAR, VARCHAR)', region: 'NSW1', size: '1234' },
      { t: 'MAP(VARCHAR, VARCHAR)', region: null, size: '99' },
    ]);
    connection.closeSync();
  });
});
