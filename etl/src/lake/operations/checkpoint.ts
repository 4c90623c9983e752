// Checkpoint WRITE (PROTOCOL.md "Checkpoints"; note §7): the state at version v as one classic Parquet file,
// `_delta_log/<v20>.checkpoint.parquet`, then `_last_checkpoint` pointing at it. Written only after v.json exists;
// two writers racing on the same checkpoint write identical content, so the race is harmless.
import { loadSnapshot } from '../log/snapshot';
import { LOG_DIR, padVersion } from '../storage/log-paths';
import { encodeCheckpoint } from '../write/checkpoint-parquet';
import type { WriteContext } from './context';
import { cleanUpExpiredLog } from './log-cleanup';
import { writerConfig } from './table-config';

export const LAST_CHECKPOINT_PATH = `${LOG_DIR}/_last_checkpoint`;

/** Writes the checkpoint of `version` (default: the latest) and returns its version. */
export async function writeCheckpoint(ctx: WriteContext, version?: number): Promise<number> {
  const { objects, logStore } = ctx.storage;
  const snapshot = await loadSnapshot(logStore, version === undefined ? {} : { version });
  const config = writerConfig(snapshot.metadata, snapshot.table);
  // Tombstones stay until they expire, so other engines' VACUUM still sees them (note §10 trap 10).
  const expiredBefore = Date.now() - config.deletedFileRetentionHours * 3_600_000;
  const removes = snapshot.tombstones.filter(
    (r) => (r.deletionTimestamp ?? Number.MAX_SAFE_INTEGER) > expiredBefore,
  );
  const { bytes, rows } = encodeCheckpoint({
    protocol: snapshot.protocol,
    metadata: snapshot.metadata,
    txns: [...snapshot.appTransactions.values()],
    adds: snapshot.files,
    removes,
  });
  await objects.put(`${LOG_DIR}/${padVersion(snapshot.version)}.checkpoint.parquet`, bytes);
  const hint = {
    version: snapshot.version,
    size: rows,
    sizeInBytes: bytes.length,
    numOfAddFiles: snapshot.files.length,
  };
  // Never move the hint backwards: a slower writer of an older checkpoint must not hide a newer one.
  if ((await currentHintVersion(ctx)) <= snapshot.version) {
    await objects.put(LAST_CHECKPOINT_PATH, new TextEncoder().encode(JSON.stringify(hint)));
  }
  if (config.expiredLogCleanup) await cleanUpExpiredLog(ctx, config.logRetentionHours);
  return snapshot.version;
}

async function currentHintVersion(ctx: WriteContext): Promise<number> {
  try {
    const text = new TextDecoder().decode(await ctx.storage.objects.get(LAST_CHECKPOINT_PATH));
    const version = (JSON.parse(text) as { version?: unknown }).version;
    return typeof version === 'number' ? version : -1;
  } catch {
    return -1; // missing or unreadable: it is only a hint
  }
}
