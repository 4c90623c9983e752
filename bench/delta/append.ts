// Append throughput: DISPATCHPRICE-shaped frames (the widest-read AEMO table) appended through DeltaTable.write
// on a durable local store: bulk appends (rows/s, MB/s of Parquet written and of frame memory) and small
// appends (commits/s, where the commit protocol and fsyncs dominate).
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pl from 'nodejs-polars';
import { type ParquetCompression, openTable } from '../../etl/src/lake';

const REGIONS = ['NSW1', 'QLD1', 'SA1', 'TAS1', 'VIC1'];
const FIVE_MINUTES_US = 300_000_000n;

/** `rows` rows of 5-minute dispatch prices for the five NEM regions, starting at `startRow`. */
export function dispatchPrices(rows: number, startRow = 0): pl.DataFrame {
  const start = 1_704_067_200_000_000n; // 2024-01-01T00:00:00Z in µs
  const settlement = new BigInt64Array(rows);
  const changed = new BigInt64Array(rows);
  const interval = new BigInt64Array(rows);
  const region: string[] = new Array<string>(rows);
  const rrp = new Float64Array(rows);
  const rop = new Float64Array(rows);
  for (let k = 0; k < rows; k++) {
    const i = startRow + k;
    settlement[k] = start + BigInt(Math.floor(i / REGIONS.length)) * FIVE_MINUTES_US;
    changed[k] = settlement[k]! + 17_000_000n;
    interval[k] = BigInt(i);
    region[k] = REGIONS[i % REGIONS.length]!;
    rrp[k] = ((i * 7919) % 30011) / 10 - 300;
    rop[k] = ((i * 104729) % 30011) / 10 - 300;
  }
  const zeros = new Int32Array(rows);
  return pl.DataFrame([
    int64Series('SETTLEMENTDATE', settlement).cast(pl.Datetime('us', 'UTC')),
    pl.Series('RUNNO', new Int32Array(rows).fill(1)),
    pl.Series('REGIONID', region),
    int64Series('DISPATCHINTERVAL', interval),
    pl.Series('INTERVENTION', zeros),
    pl.Series('RRP', rrp),
    pl.Series('EEP', new Float64Array(rows)),
    pl.Series('ROP', rop),
    pl.Series('APCFLAG', zeros),
    pl.Series('MARKETSUSPENDEDFLAG', zeros),
    int64Series('LASTCHANGED', changed).cast(pl.Datetime('us', 'UTC')),
  ]);
}

/** nodejs-polars builds Int64 series from BigInt64Array, but its typings do not say so. */
function int64Series(name: string, values: BigInt64Array): pl.Series {
  return pl.Series(name, values as unknown as number[]);
}

const FIXED_WIDTH: Record<string, number> = { Int32: 4, Int64: 8, Float64: 8, Datetime: 8 };

/** The frame's values in bytes (fixed-width columns plus string bytes), the "MB of data" of the MB/s figure. */
export function rawBytes(df: pl.DataFrame): number {
  let bytes = 0;
  for (const column of df.getColumns()) {
    const width = FIXED_WIDTH[column.dtype.variant];
    bytes +=
      width !== undefined
        ? width * column.len()
        : (column.toArray() as (string | null)[]).reduce(
            (n, v) => n + (v === null ? 0 : Buffer.byteLength(v)),
            0,
          );
  }
  return bytes;
}

export interface BulkAppendResult {
  readonly label: string;
  readonly rows: number;
  readonly commits: number;
  readonly seconds: number;
  readonly rowsPerSecond: number;
  readonly parquetMBPerSecond: number;
  readonly frameMBPerSecond: number;
  readonly files: number;
}

export async function benchBulkAppend(options: {
  label: string;
  batches: number;
  rowsPerBatch: number;
  partitionBy?: string[];
  compression?: ParquetCompression;
}): Promise<BulkAppendResult> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-delta-append-'));
  try {
    const table = openTable(root);
    const frames = Array.from({ length: options.batches }, (_, b) =>
      dispatchPrices(options.rowsPerBatch, b * options.rowsPerBatch),
    );
    const frameBytes = frames.reduce((n, f) => n + rawBytes(f), 0);
    let parquetBytes = 0;
    let files = 0;
    const started = performance.now();
    for (const frame of frames) {
      const result = await table.write(frame, {
        mode: 'append',
        ...(options.partitionBy ? { partitionBy: options.partitionBy } : {}),
        ...(options.compression ? { compression: options.compression } : {}),
      });
      parquetBytes += result.metrics?.numOutputBytes ?? 0;
      files += result.addedFiles ?? 0;
    }
    const seconds = (performance.now() - started) / 1000;
    const rows = options.batches * options.rowsPerBatch;
    return {
      label: options.label,
      rows,
      commits: options.batches,
      seconds,
      rowsPerSecond: rows / seconds,
      parquetMBPerSecond: parquetBytes / 1e6 / seconds,
      frameMBPerSecond: frameBytes / 1e6 / seconds,
      files,
    };
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

export interface SmallAppendResult {
  readonly commits: number;
  readonly rowsPerCommit: number;
  readonly seconds: number;
  readonly commitsPerSecond: number;
  readonly checkpoints: number;
}

/** Many small appends: the per-commit cost (snapshot read, file write, put-if-absent, checkpoint every 10). */
export async function benchSmallAppends(commits: number, rowsPerCommit: number): Promise<SmallAppendResult> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-delta-small-'));
  try {
    const table = openTable(root);
    const frame = dispatchPrices(rowsPerCommit);
    let checkpoints = 0;
    const started = performance.now();
    for (let i = 0; i < commits; i++) {
      const result = await table.write(frame, { mode: 'append' });
      if (result.checkpointVersion !== undefined) checkpoints++;
    }
    const seconds = (performance.now() - started) / 1000;
    return { commits, rowsPerCommit, seconds, commitsPerSecond: commits / seconds, checkpoints };
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}
