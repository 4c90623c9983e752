// DeltaTable: the engine's public face for one table. Read methods (snapshot, scan, history) live here; the
// writer adds its verbs. Opening is free: nothing is contacted until the first call.
import type { LazyDataFrame } from 'nodejs-polars';
import { CorruptLogError } from './errors';
import { TableNotFoundError } from './log/errors';
import { type Snapshot, type SnapshotOptions, loadSnapshot } from './log/snapshot';
import { commitTimestamps, inCommitTimestampsFrom } from './log/timestamps';
import type { CommitInfo } from './protocol/actions';
import {
  type DataFileLocator,
  type ScanOptions,
  localLocator,
  scanSnapshot,
  scanSnapshotByFile,
} from './read/scan';
import { type Storage, type StorageOptions, openStorage, parseTableUri } from './storage/open';
import { type S3Options, createS3Client } from './storage/s3';
import type { S3Client } from '@aws-sdk/client-s3';
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
  /** Where polars finds data files (sync, as the operations use it); S3 options are filled in below. */
  private readonly locate: DataFileLocator;
  private readonly s3Access?: S3DataAccess;

  constructor(
    readonly uri: string,
    readonly options: TableOptions = {},
  ) {
    this.storage = openStorage(uri, options);
    const parsed = parseTableUri(uri);
    if (parsed.scheme === 'file') {
      this.locate = localLocator(parsed.path);
    } else {
      this.s3Access = new S3DataAccess(uri, parsed.bucket, parsed.prefix, options.s3);
      this.locate = this.s3Access.locate;
    }
  }

  /**
   * Resolves S3 credentials for polars through the AWS SDK chain (env, profile, ECS/EC2 roles). Scans call it; call
   * it before other polars reads of S3 data files when credentials do not come from environment variables.
   */
  async prepareDataAccess(): Promise<void> {
    await this.s3Access?.refresh();
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
    await this.prepareDataAccess();
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
    await this.prepareDataAccess();
    return { snapshot, frames: scanSnapshotByFile(snapshot, this.locate, scan) };
  }

  /** Commits newest first, at most `limit` of them. Works on tables this reader cannot scan. */
  async history(limit?: number): Promise<HistoryEntry[]> {
    let inCommitFrom: number | undefined;
    try {
      inCommitFrom = inCommitTimestampsFrom((await this.snapshot({ checkSupport: false })).metadata);
    } catch {
      inCommitFrom = undefined; // history still lists a table whose state cannot be built
    }
    const commits = await commitTimestamps(this.storage.logStore, {
      commitInfoNewest: limit ?? Infinity,
      ...(inCommitFrom === undefined ? {} : { inCommitFrom }),
    });
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

/**
 * polars reads S3 data files with its own object_store client, which must be handed endpoint, region and credentials
 * explicitly: it does not follow the AWS SDK's chain (ECS task roles, profiles). Options start from the environment
 * variables (synchronously, for callers that never refresh) and `refresh` resolves them through the same S3Client
 * configuration the object store uses. Values must be strings: nodejs-polars ignores the whole map otherwise (and
 * then dials amazonaws.com).
 */
class S3DataAccess {
  private readonly cloudOptions: Record<string, string> = {};
  private client?: S3Client;

  constructor(
    private readonly uri: string,
    bucket: string,
    prefix: string,
    private readonly s3: S3Options | undefined,
  ) {
    const env = process.env;
    const region = s3?.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (region !== undefined) this.cloudOptions.aws_region = region;
    const credentials = s3?.credentials;
    const keyId = credentials?.accessKeyId ?? env.AWS_ACCESS_KEY_ID;
    const secret = credentials?.secretAccessKey ?? env.AWS_SECRET_ACCESS_KEY;
    const token = credentials === undefined ? env.AWS_SESSION_TOKEN : credentials.sessionToken;
    if (keyId !== undefined && secret !== undefined) {
      this.cloudOptions.aws_access_key_id = keyId;
      this.cloudOptions.aws_secret_access_key = secret;
      if (token !== undefined) this.cloudOptions.aws_session_token = token;
    }
    if (s3?.endpoint !== undefined) {
      this.cloudOptions.aws_endpoint_url = s3.endpoint;
      if (s3.endpoint.startsWith('http://')) this.cloudOptions.aws_allow_http = 'true';
    }
    if (s3?.forcePathStyle === true) this.cloudOptions.aws_virtual_hosted_style_request = 'false';
    this.root = `s3://${bucket}${prefix === '' ? '' : `/${prefix}`}`;
  }

  private readonly root: string;

  readonly locate: DataFileLocator = (path) => {
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(path)) {
      if (!/^s3a?:\/\//i.test(path)) throw new CorruptLogError(this.uri, `data file ${path} is not on S3`);
      return { source: path.replace(/^s3a:/i, 's3:'), cloudOptions: { ...this.cloudOptions } };
    }
    return { source: `${this.root}/${path}`, cloudOptions: { ...this.cloudOptions } };
  };

  async refresh(): Promise<void> {
    this.client ??= createS3Client(this.s3 ?? {});
    const credentials = await this.client.config.credentials();
    this.cloudOptions.aws_region = await this.client.config.region();
    this.cloudOptions.aws_access_key_id = credentials.accessKeyId;
    this.cloudOptions.aws_secret_access_key = credentials.secretAccessKey;
    if (credentials.sessionToken === undefined) delete this.cloudOptions.aws_session_token;
    else this.cloudOptions.aws_session_token = credentials.sessionToken;
  }
}

export { TableNotFoundError };
