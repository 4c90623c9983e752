// Classifies `_delta_log/` entries by name (PROTOCOL.md "Delta Log Entries", notes §1): commits, classic single and
// multi-part checkpoints. `.crc`, compacted logs, UUID-named (V2) checkpoints and unknown files are not needed by
// this reader and are ignored.
import type { ObjectMeta } from '../storage/types';

export type LogFile =
  | { readonly kind: 'commit'; readonly version: number; readonly meta: ObjectMeta }
  | {
      readonly kind: 'checkpoint';
      readonly version: number;
      /** 1-based part number and part count; a single-file checkpoint is part 1 of 1. */
      readonly part: number;
      readonly parts: number;
      readonly meta: ObjectMeta;
    };

const COMMIT = /^(\d{20})\.json$/;
const SINGLE_CHECKPOINT = /^(\d{20})\.checkpoint\.parquet$/;
const MULTI_CHECKPOINT = /^(\d{20})\.checkpoint\.(\d{10})\.(\d{10})\.parquet$/;

export function classifyLogFile(meta: ObjectMeta): LogFile | undefined {
  const name = meta.path.slice(meta.path.lastIndexOf('/') + 1);
  let m = COMMIT.exec(name);
  if (m) return { kind: 'commit', version: Number(m[1]), meta };
  m = SINGLE_CHECKPOINT.exec(name);
  if (m) return { kind: 'checkpoint', version: Number(m[1]), part: 1, parts: 1, meta };
  m = MULTI_CHECKPOINT.exec(name);
  if (m) {
    const part = Number(m[2]);
    const parts = Number(m[3]);
    if (part >= 1 && part <= parts) return { kind: 'checkpoint', version: Number(m[1]), part, parts, meta };
  }
  return undefined;
}

/** A complete checkpoint: every part of one (version, part count) set, in part order. */
export interface Checkpoint {
  readonly version: number;
  readonly files: readonly ObjectMeta[];
}

/**
 * The complete checkpoints among the listed files, newest first. A multi-part set with a missing part is an
 * interrupted write and is ignored (PROTOCOL.md "Checkpoints"); a single file wins over parts of the same version.
 */
export function completeCheckpoints(files: readonly LogFile[]): Checkpoint[] {
  const sets = new Map<string, Map<number, ObjectMeta>>();
  for (const f of files) {
    if (f.kind !== 'checkpoint') continue;
    const key = `${f.version}/${f.parts}`;
    const set = sets.get(key) ?? new Map<number, ObjectMeta>();
    set.set(f.part, f.meta);
    sets.set(key, set);
  }
  const byVersion = new Map<number, Checkpoint>();
  for (const [key, set] of sets) {
    const [version, parts] = key.split('/').map(Number) as [number, number];
    if (set.size !== parts) continue;
    const current = byVersion.get(version);
    if (current !== undefined && current.files.length <= parts) continue;
    byVersion.set(version, {
      version,
      files: [...set.entries()].sort((a, b) => a[0] - b[0]).map(([, m]) => m),
    });
  }
  return [...byVersion.values()].sort((a, b) => b.version - a.version);
}
