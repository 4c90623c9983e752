// Reads classic checkpoints (PROTOCOL.md "Checkpoints", notes §7): Parquet files with one action per row in nullable
// struct columns. hyparquet decodes Spark (parquet-mr) and delta-rs (parquet-rs) checkpoints, MAP columns included.
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { CorruptLogError } from '../errors';
import { type Action, parseActionObject } from '../protocol/actions';
import type { ObjectStore } from '../storage/types';
import type { Checkpoint } from './files';

/** Action columns a snapshot needs; commitInfo and cdc never appear in checkpoints. */
const ACTION_COLUMNS = ['protocol', 'metaData', 'add', 'remove', 'txn', 'domainMetadata'] as const;

export async function readCheckpoint(objects: ObjectStore, checkpoint: Checkpoint): Promise<Action[]> {
  const actions: Action[] = [];
  for (const file of checkpoint.files) {
    const bytes = await objects.get(file.path);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    let rows: Record<string, unknown>[];
    try {
      const metadata = parquetMetadata(buffer);
      const present = new Set(parquetSchema(metadata).children.map((c) => c.element.name));
      const columns = ACTION_COLUMNS.filter((c) => present.has(c));
      rows = (await parquetReadObjects({ file: buffer, metadata, columns, compressors })) as Record<
        string,
        unknown
      >[];
    } catch (error) {
      throw new CorruptLogError(
        objects.uri,
        `${file.path}: unreadable checkpoint (${(error as Error).message})`,
        checkpoint.version,
      );
    }
    rows.forEach((row, i) => {
      const action = parseActionObject(withJsonStats(row), {
        table: objects.uri,
        file: file.path,
        version: checkpoint.version,
        line: i + 1,
      });
      if (action !== undefined) actions.push(action);
    });
  }
  return actions;
}

/**
 * Checkpoints written with `delta.checkpoint.writeStatsAsStruct` carry `add.stats_parsed` instead of (or besides)
 * the JSON `add.stats`; turn the struct into the JSON form so one stats path serves both.
 */
function withJsonStats(row: Record<string, unknown>): Record<string, unknown> {
  const add = row.add as Record<string, unknown> | null | undefined;
  if (add === null || add === undefined || typeof add.stats === 'string' || add.stats_parsed == null)
    return row;
  return { ...row, add: { ...add, stats: stringifyStats(add.stats_parsed) } };
}

const rawJson = (JSON as unknown as { rawJSON: (text: string) => unknown }).rawJSON;

function stringifyStats(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return rawJson(v.toString());
    return v;
  });
}
