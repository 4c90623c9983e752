// Resolves a table URI (local path, file://, s3://) and options into the object store and log store behind it.
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidStorageConfigError } from './errors';
import { LocalObjectStore } from './local';
import { ConditionalPutLogStore } from './log-store';
import type { LogStore, ObjectStore } from './types';

/** Connection settings for S3 or an S3-compatible store; credentials come from the default AWS chain. */
export interface S3Options {
  readonly region?: string;
  /** e.g. `http://127.0.0.1:9000` for MinIO; omit for AWS. */
  readonly endpoint?: string;
  /** Path-style addressing (`endpoint/bucket/key`), needed by most S3-compatible stores. */
  readonly forcePathStyle?: boolean;
}

/** How commits are made exclusive. `conditional-put` (default) needs a store honouring put-if-absent. */
export type LogStoreOptions =
  | { readonly kind: 'conditional-put' }
  | {
      readonly kind: 'dynamodb';
      readonly tableName: string;
      readonly region?: string;
      readonly endpoint?: string;
    };

export interface StorageOptions {
  readonly s3?: S3Options;
  readonly logStore?: LogStoreOptions;
}

export interface Storage {
  readonly objects: ObjectStore;
  readonly logStore: LogStore;
}

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
  throw new InvalidStorageConfigError(`table URI "${uri}"`, 'S3 storage is not wired in yet');
}
