// Delta's S3DynamoDBLogStore commit protocol (delta-io/delta storage-s3-dynamodb, BaseExternalLogStore), so our
// writers share S3 tables with Spark writers configured with
// `spark.delta.logStore.s3.impl=io.delta.storage.S3DynamoDBLogStore` (and delta-rs < 1.0 with
// AWS_S3_LOCKING_PROVIDER=dynamodb). DynamoDB provides the mutual exclusion S3 lacked: the writer whose conditional
// PutItem creates the entry (tablePath, fileName) owns version N. Item layout, byte for byte as Spark writes it:
//   tablePath  S  HASH   table root URI, no trailing slash (`s3://bucket/prefix`; Spark on OSS Hadoop spells `s3a://`)
//   fileName   S  RANGE  `00000000000000000007.json`
//   tempPath   S         `.tmp/00000000000000000007.json.<uuid>`, relative to `_delta_log/`
//   complete   S         "false" while in flight, "true" once N.json exists
//   expireTime N         epoch seconds, set on completion (now + TTL, default 1 day); DynamoDB TTL deletes the item
// Steps for version N (notes §8.3): 0. N.json exists → conflict. 1. repair an incomplete N-1 (or require N-1.json).
// 2. PREPARE: write T(N), then PutItem E(N, complete=false) if absent (else conflict). 3. COMMIT: copy T(N) → N.json.
// 4. ACK: complete=true, expireTime. Failures in 3–4 are left for readers and the next writer to repair (listLog).
import { randomUUID } from 'node:crypto';
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';
import { CommitConflictError, CorruptLogError, ObjectNotFoundError } from '../errors';
import { StorageError } from './errors';
import { listVersionedLogFiles } from './log-store';
import { LOG_DIR, assertVersion, commitFileName } from './log-paths';
import type { LogStore, ObjectMeta, ObjectStore } from './types';

/** Spark's default table name (`spark.io.delta.storage.S3DynamoDBLogStore.ddb.tableName`). */
export const DEFAULT_DYNAMODB_LOG_TABLE = 'delta_log';
/** Spark's default `ddb.ttl`: shorter values can lose commits (see BaseExternalLogStore's warning). */
export const DEFAULT_ENTRY_TTL_SECONDS = 86_400;

export interface DynamoDbClientOptions {
  readonly region?: string;
  readonly endpoint?: string;
  /** Static credentials; normally omitted so the default chain (env, profile, role) applies. */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
}

/** The one place a DynamoDBClient is configured. */
export function createDynamoDbClient(options: DynamoDbClientOptions = {}): DynamoDBClient {
  const config: DynamoDBClientConfig = {};
  if (options.region !== undefined) config.region = options.region;
  if (options.endpoint !== undefined) config.endpoint = options.endpoint;
  if (options.credentials !== undefined) config.credentials = { ...options.credentials };
  return new DynamoDBClient(config);
}

export interface DynamoDbLogStoreOptions {
  readonly tableName?: string;
  /** The `tablePath` key every writer of this table uses; must equal Spark's spelling (no trailing slash). */
  readonly tablePath: string;
  readonly ttlSeconds?: number;
  /** Clock for `expireTime` (tests). */
  readonly nowMs?: () => number;
}

/** One DynamoDB item: an external commit entry (Spark's ExternalCommitEntry). */
export interface CommitEntry {
  readonly tablePath: string;
  readonly fileName: string;
  readonly tempPath: string;
  readonly complete: boolean;
  readonly expireTime?: number;
}

export class DynamoDbLogStore implements LogStore {
  readonly tableName: string;
  readonly tablePath: string;
  private readonly ttlSeconds: number;
  private readonly nowMs: () => number;

  constructor(
    readonly objects: ObjectStore,
    private readonly client: DynamoDBClient,
    options: DynamoDbLogStoreOptions,
  ) {
    this.tableName = options.tableName ?? DEFAULT_DYNAMODB_LOG_TABLE;
    this.tablePath = options.tablePath.replace(/\/+$/, '');
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_ENTRY_TTL_SECONDS;
    this.nowMs = options.nowMs ?? Date.now;
  }

  async writeCommit(version: number, body: Uint8Array): Promise<void> {
    assertVersion(version, this.objects.uri);
    const fileName = commitFileName(version);
    // Step 0: an existing N.json is a conflict, whatever DynamoDB says (its entry may have expired).
    if (await this.objects.head(logPath(fileName))) throw new CommitConflictError(this.objects.uri, version);
    // Step 1: the previous version must be whole before we build on it.
    await this.ensurePreviousCommit(version, fileName);

    // Step 2: PREPARE. The temp file goes first so the entry never names a file that does not exist.
    const tempPath = `.tmp/${fileName}.${randomUUID()}`;
    await this.objects.put(logPath(tempPath), body);
    const entry: CommitEntry = { tablePath: this.tablePath, fileName, tempPath, complete: false };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toItem(entry),
          ConditionExpression: 'attribute_not_exists(fileName)',
        }),
      );
    } catch (error) {
      await this.objects.delete(logPath(tempPath)).catch(() => undefined); // unreferenced: ours alone
      if (errorName(error) === 'ConditionalCheckFailedException') {
        throw new CommitConflictError(this.objects.uri, version);
      }
      throw this.fail('PutItem', fileName, error);
    }

    // From here on version N is ours. Steps 3–4 may fail (crash, network): the entry stays incomplete and the next
    // reader or writer completes it from T(N), so the commit is not lost and must not be reported as failed.
    try {
      await this.objects.put(logPath(fileName), body);
      await this.markComplete(entry);
    } catch {
      // Left for recovery; see the file comment.
    }
  }

  async *listLog(fromVersion: number): AsyncIterable<ObjectMeta> {
    const latest = await this.latestEntry();
    if (latest && !latest.complete) await this.repair(latest);
    yield* listVersionedLogFiles(this.objects, fromVersion);
  }

  /** The entry for one commit file (strongly consistent read). */
  async getEntry(fileName: string): Promise<CommitEntry | undefined> {
    try {
      const out = await this.client.send(
        new GetItemCommand({
          TableName: this.tableName,
          Key: { tablePath: { S: this.tablePath }, fileName: { S: fileName } },
          ConsistentRead: true,
        }),
      );
      return out.Item ? this.fromItem(out.Item) : undefined;
    } catch (error) {
      throw this.fail('GetItem', fileName, error);
    }
  }

  /** The newest entry of this table (fileNames are zero-padded, so descending sort = newest version). */
  async latestEntry(): Promise<CommitEntry | undefined> {
    try {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'tablePath = :tablePath',
          ExpressionAttributeValues: { ':tablePath': { S: this.tablePath } },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      const item = out.Items?.[0];
      return item ? this.fromItem(item) : undefined;
    } catch (error) {
      throw this.fail('Query', '(latest)', error);
    }
  }

  private async ensurePreviousCommit(version: number, fileName: string): Promise<void> {
    if (version > 0) {
      const previousName = commitFileName(version - 1);
      const previous = await this.getEntry(previousName);
      if (previous && !previous.complete) {
        await this.repair(previous);
      } else if (!(await this.objects.head(logPath(previousName)))) {
        throw new CorruptLogError(
          this.objects.uri,
          `cannot write commit ${version}: the previous commit ${LOG_DIR}/${previousName} does not exist`,
          version,
        );
      }
      return;
    }
    const first = await this.getEntry(fileName);
    if (first?.complete) {
      // Another writer may have completed version 0 since step 0: then it is an ordinary conflict.
      if (await this.objects.head(logPath(fileName)))
        throw new CommitConflictError(this.objects.uri, version);
      // Otherwise the table was deleted but DynamoDB still remembers it.
      throw new CorruptLogError(
        this.objects.uri,
        `DynamoDB table ${this.tableName} still holds entries for tablePath ${this.tablePath} although ` +
          `${LOG_DIR}/${fileName} does not exist; delete those items before re-creating the table`,
        version,
      );
    }
  }

  /** Completes an entry a writer left half-done: copy T(N) to N.json if missing, then mark it complete. */
  private async repair(entry: CommitEntry): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt <= 3; attempt++) {
      try {
        if (!(await this.objects.head(logPath(entry.fileName)))) {
          const temp = await this.objects.get(logPath(entry.tempPath)).catch((error: unknown) => {
            if (!(error instanceof ObjectNotFoundError)) throw error;
            throw new CorruptLogError(
              this.objects.uri,
              `incomplete DynamoDB entry ${entry.fileName} names temp file ${LOG_DIR}/${entry.tempPath}, which does ` +
                `not exist, and neither does ${LOG_DIR}/${entry.fileName}`,
              Number(entry.fileName.slice(0, 20)),
            );
          });
          await this.objects.put(logPath(entry.fileName), temp);
        }
        await this.markComplete(entry);
        return;
      } catch (error) {
        if (error instanceof CorruptLogError) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  private async markComplete(entry: CommitEntry): Promise<void> {
    const expireTime = Math.floor(this.nowMs() / 1000) + this.ttlSeconds;
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { tablePath: { S: entry.tablePath }, fileName: { S: entry.fileName } },
          UpdateExpression: 'SET #complete = :true, expireTime = :expireTime',
          ConditionExpression: '#complete = :false',
          ExpressionAttributeNames: { '#complete': 'complete' },
          ExpressionAttributeValues: {
            ':true': { S: 'true' },
            ':false': { S: 'false' },
            ':expireTime': { N: String(expireTime) },
          },
        }),
      );
    } catch (error) {
      if (errorName(error) === 'ConditionalCheckFailedException') return; // someone completed it already
      throw this.fail('UpdateItem', entry.fileName, error);
    }
  }

  private fromItem(item: Record<string, AttributeValue>): CommitEntry {
    const fileName = item['fileName']?.S;
    const tempPath = item['tempPath']?.S;
    const complete = item['complete']?.S;
    if (fileName === undefined || tempPath === undefined || (complete !== 'true' && complete !== 'false')) {
      throw new CorruptLogError(
        this.objects.uri,
        `DynamoDB table ${this.tableName} has a malformed entry for tablePath ${this.tablePath}: ` +
          `expected S fileName, S tempPath and S complete "true"|"false", got ${JSON.stringify(item)}`,
      );
    }
    const expire = item['expireTime']?.N;
    return {
      tablePath: item['tablePath']?.S ?? this.tablePath,
      fileName,
      tempPath,
      complete: complete === 'true',
      ...(expire !== undefined && { expireTime: Number(expire) }),
    };
  }

  private fail(operation: string, fileName: string, error: unknown): StorageError {
    const sdk = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    const status = sdk.$metadata?.httpStatusCode;
    return new StorageError(
      `DynamoDB ${operation}`,
      `${this.tableName}[${this.tablePath}, ${fileName}]`,
      `${sdk.name ?? 'Error'}${status === undefined ? '' : ` (HTTP ${status})`}: ${sdk.message ?? String(error)}`,
      { cause: error },
    );
  }
}

function toItem(entry: CommitEntry): Record<string, AttributeValue> {
  return {
    tablePath: { S: entry.tablePath },
    fileName: { S: entry.fileName },
    tempPath: { S: entry.tempPath },
    complete: { S: String(entry.complete) },
    ...(entry.expireTime !== undefined && { expireTime: { N: String(entry.expireTime) } }),
  };
}

function logPath(relative: string): string {
  return `${LOG_DIR}/${relative}`;
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | null)?.name;
}
