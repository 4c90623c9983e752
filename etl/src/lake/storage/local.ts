// ObjectStore on a local (or NFS-free, POSIX) filesystem. Data files and checkpoints are written to a temp file,
// fsynced and renamed into place; commit files are created with link(2), which fails with EEXIST atomically when the
// target exists, so two processes can never both create a version and no reader ever sees a partial commit
// (docs/delta-engine.md "Storage and commit exclusion"; notes §8.1). rename(2) is never used for put-if-absent: it
// silently replaces an existing file.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { ObjectNotFoundError } from '../errors';
import { StorageError, describeCause } from './errors';
import { assertListPrefix, assertObjectPath, compareUtf8 } from './paths';
import type { ObjectMeta, ObjectStore } from './types';

/** In-flight temp files start with this; listings skip them, so half-written objects are never visible. */
export const LOCAL_TEMP_PREFIX = '.lake-tmp-';

export interface LocalObjectStoreOptions {
  /** fsync files and their directory before returning (default true). Turn off only for throwaway scratch data. */
  readonly durable?: boolean;
}

export class LocalObjectStore implements ObjectStore {
  readonly uri: string;
  private readonly durable: boolean;

  /** `root` is the table directory; it need not exist yet (it is created by the first write). */
  constructor(
    readonly root: string,
    options: LocalObjectStoreOptions = {},
  ) {
    this.root = nodePath.resolve(root);
    this.uri = pathToFileURL(this.root).href;
    this.durable = options.durable ?? true;
  }

  async get(path: string): Promise<Uint8Array> {
    const file = this.resolve(path);
    try {
      return await fs.readFile(file);
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'EISDIR'))
        throw new ObjectNotFoundError(this.describe(path));
      throw this.fail('get', path, error);
    }
  }

  async head(path: string): Promise<ObjectMeta | undefined> {
    const file = this.resolve(path);
    try {
      const stat = await fs.stat(file);
      return stat.isFile() ? { path, sizeBytes: stat.size, modifiedMs: Math.floor(stat.mtimeMs) } : undefined;
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return undefined;
      throw this.fail('head', path, error);
    }
  }

  async put(path: string, data: Uint8Array): Promise<void> {
    const file = this.resolve(path);
    const temp = await this.writeTemp(path, file, data);
    try {
      await fs.rename(temp, file);
    } catch (error) {
      await removeQuietly(temp);
      throw this.fail('put', path, error);
    }
    await this.syncDirectory(path, file);
  }

  async putIfAbsent(path: string, data: Uint8Array): Promise<boolean> {
    const file = this.resolve(path);
    const temp = await this.writeTemp(path, file, data);
    try {
      await fs.link(temp, file);
    } catch (error) {
      if (isCode(error, 'EEXIST')) return false;
      throw this.fail('putIfAbsent', path, error);
    } finally {
      await removeQuietly(temp);
    }
    await this.syncDirectory(path, file);
    return true;
  }

  async *list(prefix: string, options: { startAfter?: string } = {}): AsyncIterable<ObjectMeta> {
    assertListPrefix(prefix, this.uri);
    const found: ObjectMeta[] = [];
    // Start at the deepest directory the prefix names; `a/b` may match `a/b/…` and `a/bc`.
    const cut = prefix.lastIndexOf('/');
    await this.walk(cut < 0 ? '' : prefix.slice(0, cut + 1), prefix, options.startAfter, found);
    found.sort((a, b) => compareUtf8(a.path, b.path));
    yield* found;
  }

  async delete(path: string): Promise<void> {
    const file = this.resolve(path);
    try {
      await fs.unlink(file);
    } catch (error) {
      if (isCode(error, 'ENOENT')) return;
      throw this.fail('delete', path, error);
    }
  }

  /**
   * Deletes temp files that writers killed mid-write left behind (they are invisible to listings but take space).
   * Only files older than `olderThanMs` (default 1 hour) are touched, so in-flight writes are never disturbed.
   * Returns the removed paths. Meant for VACUUM-time housekeeping.
   */
  async removeAbandonedTempFiles(options: { olderThanMs?: number; nowMs?: number } = {}): Promise<string[]> {
    const cutoff = (options.nowMs ?? Date.now()) - (options.olderThanMs ?? 3_600_000);
    const removed: string[] = [];
    const visit = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(nodePath.join(this.root, dir), { withFileTypes: true });
      } catch (error) {
        if (isCode(error, 'ENOENT')) return;
        throw this.fail('list', dir || '.', error);
      }
      for (const entry of entries) {
        const relative = dir + entry.name;
        if (entry.isDirectory()) {
          await visit(relative + '/');
        } else if (entry.isFile() && entry.name.startsWith(LOCAL_TEMP_PREFIX)) {
          const file = nodePath.join(this.root, relative);
          const stat = await fs.stat(file).catch(() => undefined);
          if (stat && stat.mtimeMs < cutoff) {
            await removeQuietly(file);
            removed.push(relative);
          }
        }
      }
    };
    await visit('');
    return removed.sort(compareUtf8);
  }

  private async walk(
    dir: string,
    prefix: string,
    startAfter: string | undefined,
    out: ObjectMeta[],
  ): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(nodePath.join(this.root, dir), { withFileTypes: true });
    } catch (error) {
      if (isCode(error, 'ENOENT') || isCode(error, 'ENOTDIR')) return;
      throw this.fail('list', dir || '.', error);
    }
    for (const entry of entries) {
      if (entry.name.startsWith(LOCAL_TEMP_PREFIX)) continue;
      const relative = dir + entry.name;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await fs.stat(nodePath.join(this.root, relative)).catch(() => undefined);
        isDirectory = target?.isDirectory() ?? false;
        isFile = target?.isFile() ?? false;
      }
      if (isDirectory) {
        const asDir = relative + '/';
        if (asDir.startsWith(prefix) || prefix.startsWith(asDir))
          await this.walk(asDir, prefix, startAfter, out);
      } else if (isFile && relative.startsWith(prefix)) {
        if (startAfter !== undefined && compareUtf8(relative, startAfter) <= 0) continue;
        const meta = await this.head(relative);
        if (meta) out.push(meta); // gone since readdir: deleted concurrently, skip it
      }
    }
  }

  /** Writes `data` to a uniquely named temp file beside `file` and fsyncs it; returns the temp path. */
  private async writeTemp(path: string, file: string, data: Uint8Array): Promise<string> {
    const dir = nodePath.dirname(file);
    const temp = nodePath.join(dir, `${LOCAL_TEMP_PREFIX}${randomUUID()}`);
    try {
      await fs.mkdir(dir, { recursive: true });
      const handle = await fs.open(temp, 'wx', 0o644);
      try {
        await handle.writeFile(data);
        if (this.durable) await handle.sync();
      } finally {
        await handle.close();
      }
      return temp;
    } catch (error) {
      await removeQuietly(temp);
      throw this.fail('write', path, error);
    }
  }

  /** Makes the new directory entry itself durable (a crash after rename/link must not lose it). */
  private async syncDirectory(path: string, file: string): Promise<void> {
    if (!this.durable) return;
    try {
      const handle = await fs.open(nodePath.dirname(file), 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw this.fail('sync directory of', path, error);
    }
  }

  private resolve(path: string): string {
    assertObjectPath(path, this.uri);
    return nodePath.join(this.root, ...path.split('/'));
  }

  private describe(path: string): string {
    return `${this.uri}/${path}`;
  }

  private fail(operation: string, path: string, error: unknown): StorageError {
    return new StorageError(operation, this.describe(path), describeCause(error), { cause: error });
  }
}

function isCode(error: unknown, code: string): boolean {
  return (error as { code?: unknown } | null)?.code === code;
}

async function removeQuietly(file: string): Promise<void> {
  await fs.rm(file, { force: true }).catch(() => undefined);
}
