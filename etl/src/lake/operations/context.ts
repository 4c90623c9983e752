// What every write operation shares: the table's storage, reading the latest snapshot with the write gate,
// reading back data files for copy-on-write, and committing with the checkpoint that may follow.
import type pl from 'nodejs-polars';
import { UnsupportedFeatureError } from '../errors';
import { TableNotFoundError } from '../log/errors';
import { Snapshot, loadSnapshot } from '../log/snapshot';
import type { AddFile, RemoveFile } from '../protocol/actions';
import { assertWriteSupported } from '../protocol/features';
import { decodeLogPath, partitionColumnsOf, typePartitionValues } from '../protocol/partition-values';
import type { StructType } from '../protocol/schema';
import { parseStatsJson } from '../protocol/stats';
import { type BoundPredicate, type FileFacts, fileMayMatch } from '../read/predicate';
import { type DataFileLocator, scanSnapshot } from '../read/scan';
import type { Storage } from '../storage/open';
import { type CommitOptions, type PendingCommit, type ReadScope, commit } from '../write/commit';
import { InvalidWriteError } from '../write/errors';
import { writeCheckpoint } from './checkpoint';
import { type WriterConfig, writerConfig } from './table-config';

export interface WriteContext {
  readonly storage: Storage;
  /** Where polars reads data files from (the reader's locator for this table). */
  readonly locate: DataFileLocator;
  readonly commitOptions?: CommitOptions;
}

/** What a write returns. `noop` marks a write skipped by its txn (already applied) or with nothing to do. */
export interface CommitResult {
  readonly version: number;
  readonly noop?: boolean;
  /** Attempts the commit took (1 = no conflict). */
  readonly attempts?: number;
  readonly addedFiles?: number;
  readonly removedFiles?: number;
  readonly metrics?: Readonly<Record<string, number>>;
  /** The checkpoint written after this commit, if its version was due one. */
  readonly checkpointVersion?: number;
}

export function tableName(ctx: WriteContext): string {
  return ctx.storage.objects.uri;
}

/** The latest snapshot, or undefined when the location holds no table yet. */
export async function latestSnapshot(ctx: WriteContext): Promise<Snapshot | undefined> {
  try {
    return await loadSnapshot(ctx.storage.logStore);
  } catch (error) {
    if (error instanceof TableNotFoundError) return undefined;
    throw error;
  }
}

/** The latest snapshot of a table that must exist, checked for writability. */
export async function requireSnapshot(ctx: WriteContext): Promise<Snapshot> {
  const snapshot = await latestSnapshot(ctx);
  if (snapshot === undefined) {
    throw new TableNotFoundError(tableName(ctx));
  }
  assertWritable(snapshot);
  return snapshot;
}

/**
 * The write gate (note §9): writer versions above 2 only with features we honour, and column invariants
 * (writer 2) refused because we cannot evaluate their SQL expressions.
 */
export function assertWritable(snapshot: Snapshot): void {
  assertWriteSupported(snapshot.protocol, snapshot.table);
  const withInvariant = findInvariant(snapshot.schema, []);
  if (withInvariant !== undefined) {
    throw new UnsupportedFeatureError(
      snapshot.table,
      'invariants',
      `column ${withInvariant} has a delta.invariants expression this writer cannot evaluate`,
    );
  }
}

function findInvariant(type: StructType, path: string[]): string | undefined {
  for (const field of type.fields) {
    if (field.metadata['delta.invariants'] !== undefined) return [...path, field.name].join('.');
    if (field.type.kind === 'struct') {
      const nested = findInvariant(field.type, [...path, field.name]);
      if (nested !== undefined) return nested;
    }
  }
  return undefined;
}

export function configOf(snapshot: Snapshot): WriterConfig {
  return writerConfig(snapshot.metadata, snapshot.table);
}

/** Writer v2 `delta.appendOnly`: no removes with dataChange (PROTOCOL.md "Append-only Tables"). */
export function assertNotAppendOnly(snapshot: Snapshot, operation: string): void {
  if (configOf(snapshot).appendOnly) {
    throw new InvalidWriteError(
      snapshot.table,
      `cannot ${operation}: the table is append-only (delta.appendOnly=true); only appends are allowed`,
    );
  }
}

/** A `remove` for a live file, keeping what other engines' VACUUM and CDF need. */
export function removeFor(add: AddFile, dataChange: boolean, nowMs = Date.now()): RemoveFile {
  return {
    path: add.path,
    deletionTimestamp: nowMs,
    dataChange,
    extendedFileMetadata: true,
    partitionValues: add.partitionValues,
    size: add.size,
    ...(add.tags === undefined ? {} : { tags: add.tags }),
  };
}

/** Reads some live files of a snapshot as one frame in the table schema, partition columns included. */
export function readFiles(
  snapshot: Snapshot,
  files: readonly AddFile[],
  locate: DataFileLocator,
): pl.DataFrame {
  const subset = new Snapshot(
    snapshot.table,
    snapshot.version,
    snapshot.timestampMs,
    snapshot.protocol,
    snapshot.metadata,
    snapshot.schema,
    files,
    [],
    new Map(),
    new Map(),
  );
  return scanSnapshot(subset, locate).collectSync();
}

/** A file's partition values and stats, for evaluating a predicate against it ("may match"). */
export function factsOf(snapshot: Snapshot, add: AddFile): FileFacts {
  const columns = partitionColumnsOf(snapshot.schema, snapshot.partitionColumns, snapshot.table);
  const stats = parseStatsJson(add.stats);
  return {
    partitionValues: typePartitionValues(add.partitionValues, columns, {
      table: snapshot.table,
      path: add.path,
    }),
    ...(stats === undefined ? {} : { stats }),
    schema: snapshot.schema,
  };
}

/** Conflict scope of an operation that read the files matching `predicate`. */
export function predicateScope(
  snapshot: Snapshot,
  predicate: BoundPredicate | undefined,
  read: readonly AddFile[],
): ReadScope {
  return {
    readVersion: snapshot.version,
    isBlindAppend: false,
    ...(predicate === undefined
      ? {}
      : { mayHaveRead: (add: AddFile) => fileMayMatch(predicate, factsOf(snapshot, add)) }),
    readPaths: new Set(read.map((f) => decodeLogPath(f.path))),
  };
}

/** Commits, then writes the checkpoint the new version is due (a failed checkpoint never fails the commit). */
export async function commitAndCheckpoint(
  ctx: WriteContext,
  pending: PendingCommit,
  scope: ReadScope,
  config: WriterConfig,
): Promise<CommitResult> {
  const committed = await commit(ctx.storage.logStore, pending, scope, ctx.commitOptions);
  const base: CommitResult = {
    version: committed.version,
    attempts: committed.attempts,
    addedFiles: pending.adds.length,
    removedFiles: pending.removes.length,
    ...(pending.operationMetrics ? { metrics: pending.operationMetrics } : {}),
  };
  if (committed.version === 0 || committed.version % config.checkpointInterval !== 0) return base;
  try {
    return { ...base, checkpointVersion: await writeCheckpoint(ctx, committed.version) };
  } catch {
    // The commit stands; the next due checkpoint (or `etl table checkpoint`) covers this version.
    return base;
  }
}
