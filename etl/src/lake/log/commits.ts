// Reading JSON commit files, a bounded number at a time (a table without checkpoints may have thousands).
import type { Action } from '../protocol/actions';
import { parseCommit } from '../protocol/actions';
import type { ObjectStore } from '../storage/types';

const PARALLEL_READS = 16;

export async function readCommit(objects: ObjectStore, version: number, path: string): Promise<Action[]> {
  const bytes = await objects.get(path);
  return parseCommit(Buffer.from(bytes).toString('utf8'), { table: objects.uri, file: path, version });
}

/** Reads commits in order, calling `each` in version order while fetching ahead in parallel. */
export async function forEachCommit(
  objects: ObjectStore,
  commits: readonly { readonly version: number; readonly meta: { readonly path: string } }[],
  each: (version: number, actions: Action[]) => void,
): Promise<void> {
  for (let i = 0; i < commits.length; i += PARALLEL_READS) {
    const batch = commits.slice(i, i + PARALLEL_READS);
    const results = await Promise.all(batch.map((c) => readCommit(objects, c.version, c.meta.path)));
    results.forEach((actions, j) => each(batch[j]!.version, actions));
  }
}
