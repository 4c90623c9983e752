// CREATE: version 0 of a new table, at protocol (1,2) so every engine can read and write it (note §9).
import { randomUUID } from 'node:crypto';
import type { Metadata, Protocol } from '../protocol/actions';
import { type StructType, dataTypeToJson, formatDataType } from '../protocol/schema';
import { asScalarType } from '../protocol/values';
import { InvalidWriteError } from '../write/errors';
import {
  type CommitResult,
  type WriteContext,
  commitAndCheckpoint,
  latestSnapshot,
  tableName,
} from './context';
import { writerConfig } from './table-config';

export const TABLE_PROTOCOL: Protocol = { minReaderVersion: 1, minWriterVersion: 2 };

export interface CreateTableOptions {
  readonly schema: StructType;
  readonly partitionBy?: readonly string[];
  /** Table properties (`delta.checkpointInterval`, `delta.appendOnly`, …); values are strings. */
  readonly configuration?: Readonly<Record<string, string>>;
  readonly name?: string;
  readonly description?: string;
}

/** The metaData of a new table; partition columns are checked against the schema. */
export function newTableMetadata(options: CreateTableOptions, table: string): Metadata {
  const partitionColumns = [...(options.partitionBy ?? [])];
  assertPartitionColumns(options.schema, partitionColumns, table);
  const metadata: Metadata = {
    id: randomUUID(),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.description === undefined ? {} : { description: options.description }),
    format: { provider: 'parquet', options: {} },
    schemaString: JSON.stringify(dataTypeToJson(options.schema)),
    partitionColumns,
    createdTime: Date.now(),
    configuration: { ...options.configuration },
  };
  writerConfig(metadata, table); // refuses malformed table properties up front
  return metadata;
}

function assertPartitionColumns(
  schema: StructType,
  partitionColumns: readonly string[],
  table: string,
): void {
  const problems: string[] = [];
  for (const name of partitionColumns) {
    const field = schema.fields.find((f) => f.name === name);
    if (field === undefined) problems.push(`partition column "${name}" is not in the schema`);
    else if (asScalarType(field.type) === undefined || formatDataType(field.type) === 'binary') {
      problems.push(
        `partition column "${name}" has type ${formatDataType(field.type)}; only primitive types can partition`,
      );
    }
  }
  if (new Set(partitionColumns).size !== partitionColumns.length)
    problems.push('a partition column is listed twice');
  if (partitionColumns.length > 0 && partitionColumns.length === schema.fields.length) {
    problems.push('every column is a partition column: at least one data column is needed');
  }
  if (problems.length > 0)
    throw new InvalidWriteError(table, `cannot partition this way: ${problems.join('; ')}`);
}

/** Creates an empty table; fails if one exists already. */
export async function createTable(ctx: WriteContext, options: CreateTableOptions): Promise<CommitResult> {
  const table = tableName(ctx);
  if ((await latestSnapshot(ctx)) !== undefined) {
    throw new InvalidWriteError(table, 'cannot create the table: a Delta table exists here already');
  }
  const metaData = newTableMetadata(options, table);
  return commitAndCheckpoint(
    ctx,
    {
      operation: 'CREATE TABLE',
      operationParameters: {
        partitionBy: JSON.stringify(metaData.partitionColumns),
        properties: JSON.stringify(metaData.configuration),
      },
      protocol: TABLE_PROTOCOL,
      metaData,
      adds: [],
      removes: [],
    },
    { readVersion: -1, isBlindAppend: true },
    writerConfig(metaData, table),
  );
}
