// A scratch local table for operation tests: its WriteContext, and its rows read back through our reader.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type pl from 'nodejs-polars';
import { loadSnapshot } from '../../../../etl/src/lake/log/snapshot';
import type { WriteContext } from '../../../../etl/src/lake/operations/context';
import { localLocator, scanSnapshot } from '../../../../etl/src/lake/read/scan';
import { ConditionalPutLogStore, LocalObjectStore } from '../../../../etl/src/lake/storage';

export interface ScratchTable {
  readonly root: string;
  readonly ctx: WriteContext;
  /** Rows at the latest (or given) version, sorted by `sortBy`, as plain records. */
  rows(sortBy?: string[], version?: number): Promise<Record<string, unknown>[]>;
  frame(version?: number): Promise<pl.DataFrame>;
  /** Names of the commit's actions, in order (`commitInfo`, `add`, …). */
  commitLines(version: number): Promise<Record<string, Record<string, unknown>>[]>;
  cleanup(): Promise<void>;
}

export async function scratchTable(prefix = 'lake-op-'): Promise<ScratchTable> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  const objects = new LocalObjectStore(root, { durable: false });
  const ctx: WriteContext = {
    storage: { objects, logStore: new ConditionalPutLogStore(objects) },
    locate: localLocator(root),
  };
  const frame = async (version?: number): Promise<pl.DataFrame> => {
    const snapshot = await loadSnapshot(ctx.storage.logStore, version === undefined ? {} : { version });
    return scanSnapshot(snapshot, ctx.locate).collectSync();
  };
  return {
    root,
    ctx,
    frame,
    async rows(sortBy, version) {
      const df = await frame(version);
      return (sortBy && df.height > 0 ? df.sort(sortBy) : df).toRecords();
    },
    async commitLines(version) {
      const text = await fs.readFile(
        path.join(root, '_delta_log', `${String(version).padStart(20, '0')}.json`),
        'utf8',
      );
      return text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, Record<string, unknown>>);
    },
    cleanup: () => fs.rm(root, { recursive: true, force: true }),
  };
}
