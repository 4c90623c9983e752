// The `write` verb: append or overwrite a frame, creating the table when absent. Frames are cast to the table
// schema first (schemaMode 'merge' adds new columns), and a `txn` makes the write idempotent: a version at or
// below the one recorded for the application is skipped (PROTOCOL.md "Transaction Identifiers").
import type pl from 'nodejs-polars';
import { CommitConflictError } from '../errors';
import type { Snapshot } from '../log/snapshot';
import type { Predicate } from '../read/predicate';
import type { PendingCommit } from '../write/commit';
import { type ParquetCompression, writeDataFiles } from '../write/data-file';
import { InvalidWriteError } from '../write/errors';
import { castToSchema, inferSchema } from '../write/schema';
import { planAppend } from './append';
import {
  type CommitResult,
  type WriteContext,
  assertNotAppendOnly,
  assertWritable,
  commitAndCheckpoint,
  configOf,
  latestSnapshot,
  tableName,
} from './context';
import { TABLE_PROTOCOL, newTableMetadata } from './create';
import { planOverwrite } from './overwrite';
import { type SchemaMode, evolveSchema } from './schema-evolution';
import { writerConfig } from './table-config';

export interface WriteOptions {
  readonly mode: 'append' | 'overwrite';
  /** Partition columns of a new table; on an existing table they must match its own. */
  readonly partitionBy?: readonly string[];
  /** Overwrite only the partitions matching this predicate (partition columns only). */
  readonly replaceWhere?: Predicate;
  /** 'merge' adds the frame's new columns to the schema; default 'strict'. */
  readonly schemaMode?: SchemaMode;
  /** Idempotent write: skipped when `version` ≤ the version recorded for `appId`. */
  readonly txn?: { readonly appId: string; readonly version: number };
  /** Extra commitInfo fields (lineage). */
  readonly commitInfo?: Readonly<Record<string, unknown>>;
  /** Table properties of a new table. */
  readonly configuration?: Readonly<Record<string, string>>;
  readonly compression?: ParquetCompression;
  readonly maxRowsPerFile?: number;
}

export async function writeTable(
  ctx: WriteContext,
  df: pl.DataFrame,
  options: WriteOptions,
): Promise<CommitResult> {
  const table = tableName(ctx);
  validateOptions(options, table);
  const snapshot = await latestSnapshot(ctx);
  if (snapshot !== undefined) return writeUnlessApplied(ctx, snapshot, df, options);
  try {
    return await createWithData(ctx, df, options);
  } catch (error) {
    // Another writer created the table first: write into it as if it had been there (its schema still applies).
    if (!(error instanceof CommitConflictError) || error.version !== 0) throw error;
    const created = await latestSnapshot(ctx);
    if (created === undefined) throw error;
    return writeUnlessApplied(ctx, created, df, options);
  }
}

function writeUnlessApplied(
  ctx: WriteContext,
  snapshot: Snapshot,
  df: pl.DataFrame,
  options: WriteOptions,
): Promise<CommitResult> {
  if (options.txn !== undefined) {
    const recorded = snapshot.appTransactionVersion(options.txn.appId);
    if (recorded !== undefined && options.txn.version <= recorded) {
      return Promise.resolve({ version: snapshot.version, noop: true });
    }
  }
  return writeExisting(ctx, snapshot, df, options);
}

function validateOptions(options: WriteOptions, table: string): void {
  if (options.mode !== 'append' && options.mode !== 'overwrite') {
    throw new InvalidWriteError(
      table,
      `write mode must be "append" or "overwrite", got ${JSON.stringify(options.mode)}`,
    );
  }
  if (options.replaceWhere !== undefined && options.mode !== 'overwrite') {
    throw new InvalidWriteError(table, 'replaceWhere needs mode "overwrite"');
  }
  const txn = options.txn;
  if (txn !== undefined && (txn.appId === '' || !Number.isSafeInteger(txn.version) || txn.version < 0)) {
    throw new InvalidWriteError(table, 'txn needs a non-empty appId and an integer version ≥ 0');
  }
}

async function createWithData(
  ctx: WriteContext,
  df: pl.DataFrame,
  options: WriteOptions,
): Promise<CommitResult> {
  const table = tableName(ctx);
  const schema = inferSchema(df, table);
  const metaData = newTableMetadata(
    { schema, partitionBy: options.partitionBy ?? [], configuration: options.configuration ?? {} },
    table,
  );
  const config = writerConfig(metaData, table);
  const data = castToSchema(df, schema, table);
  const adds = await writeDataFiles(ctx.storage.objects, data, {
    partitionColumns: metaData.partitionColumns,
    stats: config.stats,
    schema,
    ...fileOptions(options),
  });
  const { pending } = planAppend(undefined, adds, data.height);
  return commitAndCheckpoint(
    ctx,
    {
      ...pending,
      operation: 'CREATE TABLE AS SELECT',
      ...operationParameters(options, metaData.partitionColumns),
      protocol: TABLE_PROTOCOL,
      metaData,
      ...txnAction(options),
      ...(options.commitInfo ? { commitInfo: options.commitInfo } : {}),
    },
    { readVersion: -1, isBlindAppend: true },
    config,
  );
}

async function writeExisting(
  ctx: WriteContext,
  snapshot: Snapshot,
  df: pl.DataFrame,
  options: WriteOptions,
): Promise<CommitResult> {
  const table = snapshot.table;
  assertWritable(snapshot);
  if (options.partitionBy !== undefined && !sameList(options.partitionBy, snapshot.partitionColumns)) {
    throw new InvalidWriteError(
      table,
      `partitionBy [${options.partitionBy.join(', ')}] differs from the table's partition columns ` +
        `[${snapshot.partitionColumns.join(', ')}]; repartitioning needs a new table`,
    );
  }
  if (options.mode === 'overwrite') assertNotAppendOnly(snapshot, 'overwrite');
  const config = configOf(snapshot);
  const evolved = evolveSchema(snapshot, df, options.schemaMode ?? 'strict');
  const data = castToSchema(df, evolved.schema, table);
  const adds = await writeDataFiles(ctx.storage.objects, data, {
    partitionColumns: snapshot.partitionColumns,
    stats: config.stats,
    schema: evolved.schema,
    ...fileOptions(options),
  });
  if (options.mode === 'append' && adds.length === 0 && !evolved.metaData && !options.txn) {
    return { version: snapshot.version, noop: true }; // nothing to record
  }
  const plan =
    options.mode === 'append'
      ? planAppend(snapshot, adds, data.height)
      : planOverwrite(snapshot, data, adds, options.replaceWhere);
  const pending: PendingCommit = {
    ...plan.pending,
    ...operationParameters(options, snapshot.partitionColumns),
    ...(evolved.metaData ? { metaData: evolved.metaData } : {}),
    ...txnAction(options),
    ...(options.commitInfo ? { commitInfo: options.commitInfo } : {}),
  };
  return commitAndCheckpoint(ctx, pending, plan.scope, config);
}

function fileOptions(options: WriteOptions): { compression?: ParquetCompression; maxRowsPerFile?: number } {
  return {
    ...(options.compression ? { compression: options.compression } : {}),
    ...(options.maxRowsPerFile ? { maxRowsPerFile: options.maxRowsPerFile } : {}),
  };
}

/** Spark's WRITE parameters: mode, partitionBy and the replaceWhere predicate, JSON-encoded strings. */
function operationParameters(
  options: WriteOptions,
  partitionColumns: readonly string[],
): Pick<PendingCommit, 'operationParameters'> {
  return {
    operationParameters: {
      mode: options.mode === 'append' ? 'Append' : 'Overwrite',
      partitionBy: JSON.stringify(partitionColumns),
      ...(options.replaceWhere ? { predicate: JSON.stringify(options.replaceWhere) } : {}),
      ...(options.schemaMode === 'merge' ? { mergeSchema: 'true' } : {}),
    },
  };
}

function txnAction(options: WriteOptions): Pick<PendingCommit, 'txn'> {
  return options.txn === undefined
    ? {}
    : { txn: { appId: options.txn.appId, version: options.txn.version, lastUpdated: Date.now() } };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
