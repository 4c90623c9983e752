// The default LogStore: commit files are created with the object store's put-if-absent (link(2) locally,
// `If-None-Match: *` on S3), so exclusion needs no external service (notes §8.1–8.2).
import { randomUUID } from 'node:crypto';
import { CommitConflictError } from '../errors';
import { InvalidStorageConfigError } from './errors';
import { LOG_DIR, assertVersion, commitPath, padVersion, versionOfLogFile } from './log-paths';
import type { LogStore, ObjectMeta, ObjectStore } from './types';

export class ConditionalPutLogStore implements LogStore {
  constructor(readonly objects: ObjectStore) {}

  async writeCommit(version: number, body: Uint8Array): Promise<void> {
    assertVersion(version, this.objects.uri);
    if (!(await this.objects.putIfAbsent(commitPath(version), body))) {
      throw new CommitConflictError(this.objects.uri, version);
    }
  }

  listLog(fromVersion: number): AsyncIterable<ObjectMeta> {
    return listVersionedLogFiles(this.objects, fromVersion);
  }
}

/**
 * Versioned files directly in `_delta_log/` (commits, checkpoints, `.crc`, compactions) from `fromVersion` on, in
 * lexicographic = version order. `_last_checkpoint`, `.tmp/`, `_sidecars/` and other files are skipped.
 */
export async function* listVersionedLogFiles(
  objects: ObjectStore,
  fromVersion: number,
): AsyncIterable<ObjectMeta> {
  assertVersion(fromVersion, objects.uri);
  const dir = `${LOG_DIR}/`;
  // Every file of version v sorts after the bare `<v20>` key, and every file of v-1 before it.
  const startAfter = fromVersion === 0 ? undefined : dir + padVersion(fromVersion);
  for await (const meta of objects.list(dir, startAfter === undefined ? {} : { startAfter })) {
    const name = meta.path.slice(dir.length);
    if (name.includes('/')) continue;
    const version = versionOfLogFile(name);
    if (version !== undefined && version >= fromVersion) yield meta;
  }
}

/**
 * Checks that the store really refuses a second put-if-absent (some S3-compatible stores ignore `If-None-Match`,
 * which would let two writers both "create" a version). Run once at startup for a new endpoint.
 */
export async function verifyPutIfAbsent(objects: ObjectStore): Promise<void> {
  const probe = `${LOG_DIR}/.put-if-absent-probe-${randomUUID()}`;
  const data = new TextEncoder().encode('probe');
  try {
    const first = await objects.putIfAbsent(probe, data);
    const second = await objects.putIfAbsent(probe, data);
    if (!first || second) {
      throw new InvalidStorageConfigError(
        objects.uri,
        'the store does not honour put-if-absent (a second conditional write of the same key succeeded); ' +
          'concurrent commits would overwrite each other: use logStore {kind: "dynamodb"} for this endpoint',
      );
    }
  } finally {
    await objects.delete(probe);
  }
}
