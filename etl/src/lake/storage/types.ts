// The storage contract the Delta engine is written against. Paths are relative to the table root and use
// `/` separators; `_delta_log/00000000000000000007.json` is a commit file.
//
// Invariants every implementation keeps:
//  - no partial object is ever visible: a reader sees a whole object or none;
//  - `putIfAbsent` creates an object at most once, atomically, across processes and machines;
//  - once `putIfAbsent` or `put` has returned, `list` and `get` see the object (read-after-write).

export interface ObjectMeta {
  /** Path relative to the table root. */
  readonly path: string;
  readonly sizeBytes: number;
  /** Last modification, epoch milliseconds. */
  readonly modifiedMs: number;
}

export interface ObjectStore {
  /** The table URI, for messages (`file:///lake/bronze/x`, `s3://bucket/bronze/x`). */
  readonly uri: string;
  /** Reads a whole object; throws ObjectNotFoundError when absent. */
  get(path: string): Promise<Uint8Array>;
  /** Metadata of one object, or undefined when absent. */
  head(path: string): Promise<ObjectMeta | undefined>;
  /** Writes an object, replacing any previous one (data files, checkpoints, `_last_checkpoint`). */
  put(path: string, data: Uint8Array): Promise<void>;
  /** Creates an object only if none exists; returns false (and writes nothing) when it already exists. */
  putIfAbsent(path: string, data: Uint8Array): Promise<boolean>;
  /** Lists objects under a prefix in lexicographic order of path, optionally starting after a path. */
  list(prefix: string, options?: { startAfter?: string }): AsyncIterable<ObjectMeta>;
  /** Deletes an object; deleting an absent object is not an error. */
  delete(path: string): Promise<void>;
}

/**
 * How commit files are created. The default puts `_delta_log/<v>.json` with `putIfAbsent` on the object store;
 * the DynamoDB log store (Delta's S3DynamoDBLogStore protocol) coordinates through a table instead, so our writers
 * can share tables with Spark writers on S3.
 */
export interface LogStore {
  readonly objects: ObjectStore;
  /** Creates commit `version` with `body`; throws CommitConflictError when that version already exists. */
  writeCommit(version: number, body: Uint8Array): Promise<void>;
  /**
   * Lists `_delta_log/` entries at or after `fromVersion` (commits, checkpoints, `_last_checkpoint` excluded),
   * after completing any commit another writer left half-done (DynamoDB recovery).
   */
  listLog(fromVersion: number): AsyncIterable<ObjectMeta>;
}
