// Resolves a table URI (local path, file://, s3://) and options into the object store and log store behind it.
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidStorageConfigError } from './errors';
import { DynamoDbLogStore, createDynamoDbClient, type DynamoDbClientOptions } from './dynamodb-log-store';
import { LocalObjectStore } from './local';
import { ConditionalPutLogStore } from './log-store';
import { S3ObjectStore, createS3Client, type S3Options } from './s3';
import type { LogStore, ObjectStore } from './types';

/** How commits are made exclusive. `conditional-put` (default) needs a store honouring put-if-absent. */
export type LogStoreOptions =
  | { readonly kind: 'conditional-put' }
  | ({
      readonly kind: 'dynamodb';
      /** DynamoDB table; Spark's default is `delta_log`. */
      readonly tableName: string;
      /**
       * The `tablePath` key, spelled exactly as every other writer spells it. Default: the table URI without a
       * trailing slash (`s3://bucket/prefix`, what Spark on EMR writes); OSS Spark on Hadoop S3A writes `s3a://…`.
       */
      readonly tablePath?: string;
      /** Seconds a completed entry lives before DynamoDB TTL may delete it (default 86,400, as Spark). */
      readonly ttlSeconds?: number;
    } & DynamoDbClientOptions);

export interface StorageOptions {
  readonly s3?: S3Options;
  readonly logStore?: LogStoreOptions;
}

export interface Storage {
  readonly objects: ObjectStore;
  readonly logStore: LogStore;
}

export type { S3Options };

export type ParsedTableUri =
  | { readonly scheme: 'file'; readonly path: string }
  | { readonly scheme: 's3'; readonly bucket: string; readonly prefix: string };

/** Parses `/abs/dir`, `rel/dir`, `file:///abs/dir` or `s3://bucket/prefix` (trailing slashes ignored). */
export function parseTableUri(uri: string): ParsedTableUri {
  const trimmed = uri.trim();
  if (trimmed === '')
    throw new InvalidStorageConfigError('table URI ""', 'expected a path, file:// or s3:// URI');
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined) return { scheme: 'file', path: nodePath.resolve(trimmed) };
  if (scheme === 'file') {
    try {
      return { scheme: 'file', path: nodePath.resolve(fileURLToPath(trimmed)) };
    } catch (error) {
      throw new InvalidStorageConfigError(
        `table URI "${uri}"`,
        `not a valid file URL: ${(error as Error).message}`,
      );
    }
  }
  if (scheme === 's3') {
    const match = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(trimmed);
    const bucket = match?.[1];
    if (bucket === undefined || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new InvalidStorageConfigError(
        `table URI "${uri}"`,
        'expected s3://<bucket>/<prefix> with a valid bucket name',
      );
    }
    const prefix = (match?.[2] ?? '').replace(/\/+$/, '');
    if (prefix.split('/').some((s) => s === '.' || s === '..') || prefix.includes('//')) {
      throw new InvalidStorageConfigError(
        `table URI "${uri}"`,
        'the key prefix must not contain empty, "." or ".." segments',
      );
    }
    return { scheme: 's3', bucket, prefix };
  }
  throw new InvalidStorageConfigError(
    `table URI "${uri}"`,
    `unsupported scheme "${scheme}:"; use a local path, file:// or s3:// (s3a:// and s3n:// are Hadoop spellings: write s3://)`,
  );
}

/** Opens the storage for a table. Nothing is contacted until the first call. */
export function openStorage(uri: string, options: StorageOptions = {}): Storage {
  const parsed = parseTableUri(uri);
  const logKind = options.logStore?.kind ?? 'conditional-put';
  if (parsed.scheme === 'file') {
    if (logKind !== 'conditional-put') {
      throw new InvalidStorageConfigError(
        `table URI "${uri}"`,
        `logStore "${logKind}" is for S3 tables; local tables always use link(2)`,
      );
    }
    const objects = new LocalObjectStore(parsed.path);
    return { objects, logStore: new ConditionalPutLogStore(objects) };
  }
  const objects = new S3ObjectStore(
    cached(s3Clients, options.s3 ?? {}, createS3Client),
    parsed.bucket,
    parsed.prefix,
    options.s3,
  );
  const logStore = options.logStore;
  if (logStore === undefined || logStore.kind === 'conditional-put') {
    return { objects, logStore: new ConditionalPutLogStore(objects) };
  }
  if (logStore.tableName.trim() === '') {
    throw new InvalidStorageConfigError(`table URI "${uri}"`, 'logStore.tableName must not be empty');
  }
  const { tableName, tablePath, ttlSeconds, ...clientOptions } = logStore;
  if (ttlSeconds !== undefined && !(Number.isInteger(ttlSeconds) && ttlSeconds >= 0)) {
    throw new InvalidStorageConfigError(
      `table URI "${uri}"`,
      `logStore.ttlSeconds ${ttlSeconds} must be an integer ≥ 0`,
    );
  }
  const dynamo = cached(dynamoClients, clientOptions, createDynamoDbClient);
  return {
    objects,
    logStore: new DynamoDbLogStore(objects, dynamo, {
      tableName,
      tablePath: tablePath ?? objects.uri,
      ...(ttlSeconds !== undefined && { ttlSeconds }),
    }),
  };
}

// SDK clients keep connection pools: share one per distinct configuration instead of one per table.
const s3Clients = new Map<string, ReturnType<typeof createS3Client>>();
const dynamoClients = new Map<string, ReturnType<typeof createDynamoDbClient>>();

function cached<O, C>(cache: Map<string, C>, options: O, create: (options: O) => C): C {
  const key = JSON.stringify(options);
  let client = cache.get(key);
  if (client === undefined) {
    client = create(options);
    cache.set(key, client);
  }
  return client;
}
