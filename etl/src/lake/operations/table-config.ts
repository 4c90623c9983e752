// Table properties the writer honours (PROTOCOL.md "Table Properties"; Spark's DeltaConfigs), read once from
// metaData.configuration with their Spark defaults.
import type { Metadata } from '../protocol/actions';
import { InvalidWriteError } from '../write/errors';
import { DEFAULT_STATS_OPTIONS, type StatsOptions } from '../write/stats';

export interface WriterConfig {
  /** `delta.checkpointInterval`: a checkpoint every N commits (default 10). */
  readonly checkpointInterval: number;
  /** `delta.appendOnly`: removes with dataChange are forbidden (writer version 2). */
  readonly appendOnly: boolean;
  /** `delta.deletedFileRetentionDuration` in hours (default 168 = 1 week): tombstones and VACUUM safety. */
  readonly deletedFileRetentionHours: number;
  readonly stats: StatsOptions;
  /** `delta.logRetentionDuration` in hours (default 720 = 30 days): how long log history is kept. */
  readonly logRetentionHours: number;
  /** `delta.enableExpiredLogCleanup` (default true): delete expired log files after a checkpoint. */
  readonly expiredLogCleanup: boolean;
}

const HOURS_PER_UNIT: Record<string, number> = {
  second: 1 / 3600,
  minute: 1 / 60,
  hour: 1,
  day: 24,
  week: 168,
};

export function writerConfig(metadata: Metadata, table: string): WriterConfig {
  const config = metadata.configuration;
  const integer = (key: string, fallback: number, min: number): number => {
    const raw = config[key];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) {
      throw new InvalidWriteError(
        table,
        `table property ${key}=${JSON.stringify(raw)} must be an integer ≥ ${min}`,
      );
    }
    return value;
  };
  const retention = config['delta.deletedFileRetentionDuration'];
  const logRetention = config['delta.logRetentionDuration'];
  return {
    checkpointInterval: integer('delta.checkpointInterval', 10, 1),
    appendOnly: config['delta.appendOnly']?.toLowerCase() === 'true',
    deletedFileRetentionHours:
      retention === undefined
        ? 168
        : parseIntervalHours(retention, 'delta.deletedFileRetentionDuration', table),
    logRetentionHours:
      logRetention === undefined
        ? 720
        : parseIntervalHours(logRetention, 'delta.logRetentionDuration', table),
    expiredLogCleanup: config['delta.enableExpiredLogCleanup']?.toLowerCase() !== 'false',
    stats: {
      numIndexedCols: integer('delta.dataSkippingNumIndexedCols', DEFAULT_STATS_OPTIONS.numIndexedCols, -1),
      stringPrefixLength: integer(
        'delta.dataSkippingStringPrefixLength',
        DEFAULT_STATS_OPTIONS.stringPrefixLength,
        1,
      ),
    },
  };
}

/** Spark's calendar interval text: `interval 7 days`, `interval 168 hours`, `1 week`. */
export function parseIntervalHours(text: string, key: string, table: string): number {
  const match = /^\s*(?:interval\s+)?(\d+(?:\.\d+)?)\s+(second|minute|hour|day|week)s?\s*$/i.exec(text);
  if (!match) {
    throw new InvalidWriteError(
      table,
      `table property ${key}=${JSON.stringify(text)} must look like "interval 7 days" (seconds to weeks)`,
    );
  }
  return Number(match[1]) * (HOURS_PER_UNIT[match[2]!.toLowerCase()] ?? 1);
}
