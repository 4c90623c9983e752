// `_delta_log/_last_checkpoint` (PROTOCOL.md "Last Checkpoint File"): only a hint to start listing near the newest
// checkpoint. Missing, stale or corrupt, it must not break a reader, so every problem yields undefined.
import { ObjectNotFoundError } from '../errors';
import type { ObjectStore } from '../storage/types';

export const LAST_CHECKPOINT_PATH = '_delta_log/_last_checkpoint';

export interface LastCheckpointHint {
  readonly version: number;
  /** Number of actions in the checkpoint. */
  readonly size?: number;
  /** Part count of a multi-part checkpoint. */
  readonly parts?: number;
}

export async function readLastCheckpoint(objects: ObjectStore): Promise<LastCheckpointHint | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await objects.get(LAST_CHECKPOINT_PATH);
  } catch (error) {
    if (error instanceof ObjectNotFoundError) return undefined;
    throw error;
  }
  return parseLastCheckpoint(Buffer.from(bytes).toString('utf8'));
}

export function parseLastCheckpoint(text: string): LastCheckpointHint | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null) return undefined;
  const o = json as Record<string, unknown>;
  if (typeof o.version !== 'number' || !Number.isSafeInteger(o.version) || o.version < 0) return undefined;
  return {
    version: o.version,
    ...(typeof o.size === 'number' ? { size: o.size } : {}),
    ...(typeof o.parts === 'number' ? { parts: o.parts } : {}),
  };
}
