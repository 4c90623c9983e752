// Storage for the Delta engine. Invariants every store and log store keep:
//  - no partial commit is ever visible: a reader sees a whole `_delta_log/<v>.json` or none;
//  - one writer per version: creating commit v succeeds for exactly one writer, across processes and machines;
//  - listings are consistent once written: after a write returns, `list`/`get`/`listLog` see it.
export type { LogStore, ObjectMeta, ObjectStore } from './types';
export { LocalObjectStore, type LocalObjectStoreOptions } from './local';
export { ConditionalPutLogStore } from './log-store';
export { InvalidStorageConfigError, StorageError } from './errors';
export { commitPath, padVersion } from './log-paths';
export {
  openStorage,
  parseTableUri,
  type LogStoreOptions,
  type ParsedTableUri,
  type S3Options,
  type Storage,
  type StorageOptions,
} from './open';
