// Encodes a classic single-file checkpoint (PROTOCOL.md "Checkpoints", V1 spec; note §7): one action per row in
// nullable top-level struct columns, with the exact Parquet schema Spark (parquet-mr) writes, so Spark, delta-rs,
// DuckDB and polars read it. polars cannot write Parquet MAPs, so this goes through hyparquet-writer.
import { parquetWriteBuffer } from 'hyparquet-writer';

// hyparquet-writer bundles its own hyparquet: take the schema type from its signature.
type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]['schema']>[number];

export interface CheckpointTxn {
  readonly appId: string;
  readonly version: number;
  readonly lastUpdated?: number | undefined;
}
export interface CheckpointAdd {
  readonly path: string;
  readonly partitionValues: Readonly<Record<string, string | null>>;
  readonly size: number;
  readonly modificationTime: number;
  readonly dataChange: boolean;
  readonly stats?: string | null | undefined;
  readonly tags?: Readonly<Record<string, string | null>> | null | undefined;
}
export interface CheckpointRemove {
  readonly path: string;
  readonly deletionTimestamp?: number | null | undefined;
  readonly dataChange: boolean;
  readonly extendedFileMetadata?: boolean | null | undefined;
  readonly partitionValues?: Readonly<Record<string, string | null>> | null | undefined;
  readonly size?: number | null | undefined;
  readonly tags?: Readonly<Record<string, string | null>> | null | undefined;
}
export interface CheckpointMetadata {
  readonly id: string;
  readonly name?: string | null | undefined;
  readonly description?: string | null | undefined;
  readonly format: {
    readonly provider: string;
    readonly options?: Readonly<Record<string, string>> | undefined;
  };
  readonly schemaString: string;
  readonly partitionColumns: readonly string[];
  readonly configuration: Readonly<Record<string, string>>;
  readonly createdTime?: number | null | undefined;
}
export interface CheckpointProtocol {
  readonly minReaderVersion: number;
  readonly minWriterVersion: number;
}

/** Everything a checkpoint of version v holds: the table state, never commitInfo (PROTOCOL.md). */
export interface CheckpointContent {
  readonly protocol: CheckpointProtocol;
  readonly metadata: CheckpointMetadata;
  readonly txns: readonly CheckpointTxn[];
  readonly adds: readonly CheckpointAdd[];
  /** Tombstones not yet expired: other engines' VACUUM relies on them (note §10 trap 10). */
  readonly removes: readonly CheckpointRemove[];
}

const string = (name: string): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  repetition_type: 'OPTIONAL',
  converted_type: 'UTF8',
  logical_type: { type: 'STRING' },
});
const long = (name: string): SchemaElement => ({ name, type: 'INT64', repetition_type: 'OPTIONAL' });
const int = (name: string): SchemaElement => ({ name, type: 'INT32', repetition_type: 'OPTIONAL' });
const bool = (name: string): SchemaElement => ({ name, type: 'BOOLEAN', repetition_type: 'OPTIONAL' });
const struct = (name: string, children: SchemaElement[][]): SchemaElement[] => [
  { name, repetition_type: 'OPTIONAL', num_children: children.length },
  ...children.flat(),
];
const stringMap = (name: string): SchemaElement[] => [
  {
    name,
    repetition_type: 'OPTIONAL',
    converted_type: 'MAP',
    logical_type: { type: 'MAP' },
    num_children: 1,
  },
  { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
  { ...string('key'), repetition_type: 'REQUIRED' },
  string('value'),
];
const stringList = (name: string): SchemaElement[] => [
  {
    name,
    repetition_type: 'OPTIONAL',
    converted_type: 'LIST',
    logical_type: { type: 'LIST' },
    num_children: 1,
  },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  string('element'),
];

/** The Parquet schema of a Spark 3 / Delta 2+ classic checkpoint without stats_parsed (note §7). */
export const CHECKPOINT_SCHEMA: readonly SchemaElement[] = [
  { name: 'spark_schema', num_children: 5 },
  ...struct('txn', [[string('appId')], [long('version')], [long('lastUpdated')]]),
  ...struct('add', [
    [string('path')],
    stringMap('partitionValues'),
    [long('size')],
    [long('modificationTime')],
    [bool('dataChange')],
    stringMap('tags'),
    [string('stats')],
  ]),
  ...struct('remove', [
    [string('path')],
    [long('deletionTimestamp')],
    [bool('dataChange')],
    [bool('extendedFileMetadata')],
    stringMap('partitionValues'),
    [long('size')],
    stringMap('tags'),
  ]),
  ...struct('metaData', [
    [string('id')],
    [string('name')],
    [string('description')],
    struct('format', [[string('provider')], stringMap('options')]),
    [string('schemaString')],
    stringList('partitionColumns'),
    stringMap('configuration'),
    [long('createdTime')],
  ]),
  ...struct('protocol', [[int('minReaderVersion')], [int('minWriterVersion')]]),
];

type Row = Record<'txn' | 'add' | 'remove' | 'metaData' | 'protocol', unknown>;

/** The checkpoint's rows in the order Spark writes them: protocol, metaData, txns, adds, removes. */
export function checkpointRows(content: CheckpointContent): Row[] {
  const empty: Row = { txn: null, add: null, remove: null, metaData: null, protocol: null };
  const { protocol, metadata } = content;
  return [
    {
      ...empty,
      protocol: { minReaderVersion: protocol.minReaderVersion, minWriterVersion: protocol.minWriterVersion },
    },
    {
      ...empty,
      metaData: {
        id: metadata.id,
        name: metadata.name ?? null,
        description: metadata.description ?? null,
        format: { provider: metadata.format.provider, options: metadata.format.options ?? {} },
        schemaString: metadata.schemaString,
        partitionColumns: [...metadata.partitionColumns],
        configuration: metadata.configuration,
        createdTime: toLong(metadata.createdTime),
      },
    },
    ...content.txns.map((txn) => ({
      ...empty,
      txn: { appId: txn.appId, version: toLong(txn.version), lastUpdated: toLong(txn.lastUpdated) },
    })),
    ...content.adds.map((add) => ({
      ...empty,
      add: {
        path: add.path,
        partitionValues: add.partitionValues,
        size: toLong(add.size),
        modificationTime: toLong(add.modificationTime),
        dataChange: add.dataChange,
        tags: add.tags ?? null,
        stats: add.stats ?? null,
      },
    })),
    ...content.removes.map((remove) => ({
      ...empty,
      remove: {
        path: remove.path,
        deletionTimestamp: toLong(remove.deletionTimestamp),
        dataChange: remove.dataChange,
        extendedFileMetadata: remove.extendedFileMetadata ?? null,
        partitionValues: remove.partitionValues ?? null,
        size: toLong(remove.size),
        tags: remove.tags ?? null,
      },
    })),
  ];
}

/** The checkpoint file's bytes and its row count (`_last_checkpoint.size`). */
export function encodeCheckpoint(content: CheckpointContent): { bytes: Uint8Array; rows: number } {
  const rows = checkpointRows(content);
  const columns = ['txn', 'add', 'remove', 'metaData', 'protocol'] as const;
  const buffer = parquetWriteBuffer({
    columnData: columns.map((name) => ({ name, data: rows.map((row) => row[name]) })),
    schema: [...CHECKPOINT_SCHEMA],
    codec: 'SNAPPY',
    statisticsTruncateLength: 64,
    rowGroupSize: 1_000_000,
    createdBy: 'energy-market delta engine',
  });
  return { bytes: new Uint8Array(buffer), rows: rows.length };
}

function toLong(value: number | null | undefined): bigint | null {
  return value === null || value === undefined ? null : BigInt(value);
}
