// Storage for the Delta engine. Invariants every store and log store keep:
//  - no partial commit is ever visible: a reader sees a whole `_delta_log/<v>.json` or none;
//  - one writer per version: creating commit v succeeds for exactly one writer, across processes and machines;
//  - listings are consistent once written: after a write returns, `list`/`get`/`listLog` see it.
export type { LogStore, ObjectMeta, ObjectStore } from './types';
export { LocalObjectStore, type LocalObjectStoreOptions } from './local';
export { S3ObjectStore, createS3Client, type S3Options } from './s3';
export { ConditionalPutLogStore, verifyPutIfAbsent } from './log-store';
export {
  DEFAULT_DYNAMODB_LOG_TABLE,
  DEFAULT_ENTRY_TTL_SECONDS,
  DynamoDbLogStore,
  createDynamoDbClient,
  type CommitEntry,
  type DynamoDbClientOptions,
  type DynamoDbLogStoreOptions,
} from './dynamodb-log-store';
export { createDynamoDbLogTable } from './dynamodb-log-table';
export { InvalidStorageConfigError, StorageError } from './errors';
export { commitPath, padVersion } from './log-paths';
export {
  openStorage,
  parseTableUri,
  type LogStoreOptions,
  type ParsedTableUri,
  type Storage,
  type StorageOptions,
} from './open';
