// A bookkeeping Delta table (crawl ledger, landing manifest, ingest log, quarantine): its columns declared once,
// rows queued in memory and appended together in one commit stamped with the run id. Shared by crawl, landing and
// bronze, so it imports nothing but the lake.
import pl, { type DataType } from 'nodejs-polars';
import { openTable, type DeltaTable, type StorageOptions } from '../lake';

/** One column: its name and polars type, and how a row fills it (`null` for an empty cell). */
export interface RecordColumn<Row> {
  readonly name: string;
  readonly dtype: DataType;
  readonly value: (row: Row) => unknown;
}

export interface RecordTableSpec<Row> {
  /** The commitInfo `operation` of each append, so the table's history says who wrote it. */
  readonly operation: string;
  /** The columns in order; `run_id` follows them in every bookkeeping table. */
  readonly columns: readonly RecordColumn<Row>[];
}

export class RecordTable<Row> {
  private readonly table: DeltaTable;
  private pending: Row[] = [];

  constructor(
    uri: string,
    options: StorageOptions,
    private readonly spec: RecordTableSpec<Row>,
  ) {
    this.table = openTable(uri, options);
  }

  get uri(): string {
    return this.table.uri;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** The stored rows as records keyed by column name (only `columns` when given); none before the first commit. */
  async readAll(columns?: readonly string[]): Promise<Record<string, unknown>[]> {
    if (!(await this.table.exists())) return [];
    const frame = (await this.table.scan(columns ? { columns } : {})).collectSync();
    return frame.toRecords() as Record<string, unknown>[];
  }

  /** Queues a row for the next `flush`. */
  queue(row: Row): void {
    this.pending.push(row);
  }

  /** Appends the queued rows in one commit (atomic: all or none); a no-op when nothing is queued. */
  async flush(runId: string): Promise<number> {
    const rows = this.pending;
    if (rows.length === 0) return 0;
    await this.append(rows, runId);
    this.pending = [];
    return rows.length;
  }

  /** Appends `rows` in one commit, bypassing the queue. */
  async append(rows: readonly Row[], runId: string): Promise<void> {
    await this.table.write(recordFrame(this.spec.columns, rows, runId), {
      mode: 'append',
      commitInfo: { operation: this.spec.operation, runId },
    });
  }
}

/** The frame of `rows` under `columns`, with the `run_id` column last. */
export function recordFrame<Row>(
  columns: readonly RecordColumn<Row>[],
  rows: readonly Row[],
  runId: string,
): pl.DataFrame {
  return pl.DataFrame([
    ...columns.map((column) => pl.Series(column.name, rows.map(column.value), column.dtype)),
    pl.Series(
      'run_id',
      rows.map(() => runId),
      pl.Utf8,
    ),
  ]);
}

/** A timestamp cell from polars as a Date (polars' Date may come from another realm, so no `instanceof`). */
export function readDate(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object' && typeof (value as Date).getTime === 'function')
    return new Date((value as Date).getTime());
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  return undefined;
}
