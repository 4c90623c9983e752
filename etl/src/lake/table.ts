// DeltaTable: the engine's public face for one table. Read methods (snapshot, scan, history) live here; the
// writer adds its verbs. Opening is free: nothing is contacted until the first call.
import type { LazyDataFrame } from 'nodejs-polars';
import { CorruptLogError } from './errors';
import { TableNotFoundError } from './log/errors';
import { type Snapshot, type SnapshotOptions, loadSnapshot } from './log/snapshot';
import { commitTimestamps } from './log/timestamps';
import type { CommitInfo } from './protocol/actions';
import {
  type DataFileLocator,
  type ScanOptions,
  localLocator,
  scanSnapshot,
  scanSnapshotByFile,
} from './read/scan';
import { type Storage, type StorageOptions, openStorage, parseTableUri } from './storage/open';
import type { S3Options } from './storage/open';
import type pl from 'nodejs-polars';
import type { Predicate } from './read/predicate';
import { writeCheckpoint } from './operations/checkpoint';
import type { CommitResult, WriteContext } from './operations/context';
import { type CreateTableOptions, createTable } from './operations/create';
import { deleteWhere } from './operations/delete';
import { type MergeOptions, mergeTable } from './operations/merge';
import { type OptimizeOptions, optimizeTable } from './operations/optimize';
import { type VacuumOptions, vacuumTable } from './operations/vacuum';
import { type WriteOptions, writeTable } from './operations/write';

export type TableOptions = StorageOptions;

/** Time travel: a version or an instant (the newest version committed at or before it). */
export interface TimeTravel {
  readonly version?: number;
  readonly timestamp?: Date;
}

export interface HistoryEntry {
  readonly version: number;
  /** The commit's timestamp (in-commit timestamp, else the commit file's modification time), epoch ms. */
  readonly timestampMs: number;
  readonly operation?: string;
  readonly operationParameters?: Readonly<Record<string, unknown>>;
  /** The whole commitInfo action as written (engineInfo, operationMetrics, txnId, …). */
  readonly commitInfo?: CommitInfo;
}

export class DeltaTable {
  readonly storage: Storage;
  private readonly locate: DataFileLocator;

  constructor(
    readonly uri: string,
    readonly options: TableOptions = {},
  ) {
    this.storage = openStorage(uri, options);
    this.locate = locatorFor(uri, options.s3);
  }

  /** True when the location holds at least one commit or checkpoint. */
  async exists(): Promise<boolean> {
    for await (const _ of this.storage.logStore.listLog(0)) return true;
    return false;
  }

  /** The table state at the latest version, or at a version / timestamp; refuses unsupported protocols. */
  snapshot(at: TimeTravel & Pick<SnapshotOptions, 'checkSupport'> = {}): Promise<Snapshot> {
    return loadSnapshot(this.storage.logStore, at);
  }

  /** A lazy frame over the table's rows; only the selected files are read, and only when collected. */
  async scan(options: TimeTravel & ScanOptions = {}): Promise<LazyDataFrame> {
    const { version, timestamp, ...scan } = options;
    const snapshot = await this.snapshot({
      ...(version === undefined ? {} : { version }),
      ...(timestamp === undefined ? {} : { timestamp }),
    });
    return scanSnapshot(snapshot, this.locate, scan);
  }

  /**
   * The same rows as `scan`, as one lazy frame per data file with identical columns, for consumers that stream
   * (collect one at a time, so memory is bounded by one file rather than the table).
   */
  async scanByFile(
    options: TimeTravel & ScanOptions = {},
  ): Promise<{ snapshot: Snapshot; frames: LazyDataFrame[] }> {
    const { version, timestamp, ...scan } = options;
    const snapshot = await this.snapshot({
      ...(version === undefined ? {} : { version }),
      ...(timestamp === undefined ? {} : { timestamp }),
    });
    return { snapshot, frames: scanSnapshotByFile(snapshot, this.locate, scan) };
  }

  /** Commits newest first, at most `limit` of them. Works on tables this reader cannot scan. */
  async history(limit?: number): Promise<HistoryEntry[]> {
    const commits = await commitTimestamps(this.storage.logStore, { withCommitInfo: true });
    const newestFirst = commits.reverse();
    return (limit === undefined ? newestFirst : newestFirst.slice(0, limit)).map((c) => ({
      version: c.version,
      timestampMs: c.timestampMs,
      ...(typeof c.commitInfo?.operation === 'string' ? { operation: c.commitInfo.operation } : {}),
      ...(c.commitInfo?.operationParameters === undefined
        ? {}
        : { operationParameters: c.commitInfo.operationParameters }),
      ...(c.commitInfo === undefined ? {} : { commitInfo: c.commitInfo }),
    }));
  }

  // Writer verbs (lake-write): each reads the latest snapshot, writes data files, and commits one version.

  /** Creates an empty table with a declared schema; fails when one exists. */
  create(options: CreateTableOptions): Promise<CommitResult> {
    return createTable(this.writeContext(), options);
  }

  /** Appends or overwrites (whole table or replaceWhere), creating the table when absent. */
  write(df: pl.DataFrame, options: WriteOptions): Promise<CommitResult> {
    return writeTable(this.writeContext(), df, options);
  }

  /** Upserts by key, rewriting only the files that hold matched keys. */
  merge(source: pl.DataFrame, options: MergeOptions): Promise<CommitResult> {
    return mergeTable(this.writeContext(), source, options);
  }

  /** Deletes the rows matching `where` (copy-on-write). */
  delete(where: Predicate, commitInfo?: Readonly<Record<string, unknown>>): Promise<CommitResult> {
    return deleteWhere(this.writeContext(), where, commitInfo);
  }

  /** Compacts small files; undefined when nothing needed compacting. */
  optimize(options?: OptimizeOptions): Promise<CommitResult | undefined> {
    return optimizeTable(this.writeContext(), options);
  }

  /** Deletes unreferenced data files older than the retention; returns their paths. */
  vacuum(options?: VacuumOptions): Promise<string[]> {
    return vacuumTable(this.writeContext(), options);
  }

  /** Writes a checkpoint of the latest version and returns that version. */
  checkpoint(): Promise<number> {
    return writeCheckpoint(this.writeContext());
  }

  private writeContext(): WriteContext {
    return { storage: this.storage, locate: this.locate };
  }
}

export function openTable(uri: string, options: TableOptions = {}): DeltaTable {
  return new DeltaTable(uri, options);
}

/** polars reads data files itself: local paths directly, S3 through object_store with matching options. */
function locatorFor(uri: string, s3: S3Options | undefined): DataFileLocator {
  const parsed = parseTableUri(uri);
  if (parsed.scheme === 'file') return localLocator(parsed.path);
  const root = `s3://${parsed.bucket}${parsed.prefix === '' ? '' : `/${parsed.prefix}`}`;
  const cloudOptions: Record<string, string | boolean> = {};
  if (s3?.region !== undefined) cloudOptions.aws_region = s3.region;
  if (s3?.endpoint !== undefined) {
    cloudOptions.aws_endpoint_url = s3.endpoint;
    if (s3.endpoint.startsWith('http://')) cloudOptions.aws_allow_http = true;
  }
  if (s3?.forcePathStyle === true) cloudOptions.aws_virtual_hosted_style_request = false;
  return (path) => {
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path)) {
      if (!/^s3a?:\/\//i.test(path)) throw new CorruptLogError(uri, `data file ${path} is not on S3`);
      return { source: path.replace(/^s3a:/i, 's3:'), cloudOptions };
    }
    return { source: `${root}/${path}`, cloudOptions };
  };
}

export { TableNotFoundError };
