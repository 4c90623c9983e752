// The ingest log: one completion record per landed file and attempt (loaded or quarantined), written after the
// file's rows. It lets a run skip finished files; exactly-once itself rests on the per-batch transaction ids, so a
// record lost in a crash only means the file is replayed (as no-ops) next time. Records are buffered and committed
// together by `flush`.
import pl from 'nodejs-polars';
import { openTable, type DeltaTable, type StorageOptions } from '../lake';

export type IngestStatus = 'loaded' | 'quarantined';

export interface IngestRecord {
  readonly sourceFile: string;
  readonly landedSha256: string;
  readonly reportId: string;
  readonly attempt: number;
  readonly status: IngestStatus;
  readonly tables: Readonly<Record<string, number>>;
  readonly rows: number;
  readonly warnings: number;
  readonly message: string;
  readonly completedAt: Date;
}

export class IngestLog {
  private readonly table: DeltaTable;
  private latest: Map<string, IngestRecord> | undefined;
  private pending: IngestRecord[] = [];

  constructor(uri: string, options: StorageOptions) {
    this.table = openTable(uri, options);
  }

  get uri(): string {
    return this.table.uri;
  }

  /** The latest record per source file (highest attempt), including unflushed ones. */
  async latestByFile(): Promise<ReadonlyMap<string, IngestRecord>> {
    if (this.latest) return this.latest;
    const latest = new Map<string, IngestRecord>();
    if (await this.table.exists()) {
      const frame = (await this.table.scan()).collectSync();
      for (const row of frame.toRecords() as Record<string, unknown>[]) {
        const record: IngestRecord = {
          sourceFile: String(row.source_file),
          landedSha256: String(row.landed_sha256),
          reportId: String(row.report_id),
          attempt: Number(row.attempt),
          status: row.status === 'loaded' ? 'loaded' : 'quarantined',
          tables: JSON.parse(String(row.tables)) as Record<string, number>,
          rows: Number(row.rows),
          warnings: Number(row.warnings),
          message: String(row.message ?? ''),
          completedAt: toDate(row.completed_at) ?? new Date(0),
        };
        const previous = latest.get(record.sourceFile);
        if (!previous || previous.attempt < record.attempt) latest.set(record.sourceFile, record);
      }
    }
    this.latest = latest;
    return latest;
  }

  async record(record: IngestRecord): Promise<void> {
    await this.latestByFile();
    this.latest!.set(record.sourceFile, record);
    this.pending.push(record);
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * Commits buffered records in one commit (atomic: all or none). No transaction id is needed: a crash before the
   * commit replays the files (their batches are no-ops), and a crash after it leaves nothing to replay.
   */
  async flush(runId: string): Promise<number> {
    const rows = this.pending;
    if (rows.length === 0) return 0;
    const frame = pl.DataFrame([
      pl.Series(
        'source_file',
        rows.map((r) => r.sourceFile),
        pl.Utf8,
      ),
      pl.Series(
        'landed_sha256',
        rows.map((r) => r.landedSha256),
        pl.Utf8,
      ),
      pl.Series(
        'report_id',
        rows.map((r) => r.reportId),
        pl.Utf8,
      ),
      pl.Series(
        'attempt',
        rows.map((r) => r.attempt),
        pl.Int64,
      ),
      pl.Series(
        'status',
        rows.map((r) => r.status),
        pl.Utf8,
      ),
      pl.Series(
        'tables',
        rows.map((r) => JSON.stringify(r.tables)),
        pl.Utf8,
      ),
      pl.Series(
        'rows',
        rows.map((r) => r.rows),
        pl.Int64,
      ),
      pl.Series(
        'warnings',
        rows.map((r) => r.warnings),
        pl.Int64,
      ),
      pl.Series(
        'message',
        rows.map((r) => r.message),
        pl.Utf8,
      ),
      pl.Series(
        'completed_at',
        rows.map((r) => r.completedAt),
        pl.Datetime('us', 'UTC'),
      ),
      pl.Series(
        'run_id',
        rows.map(() => runId),
        pl.Utf8,
      ),
    ]);
    await this.table.write(frame, { mode: 'append', commitInfo: { operation: 'ingest-log', runId } });
    this.pending = [];
    return rows.length;
  }
}

/** A timestamp cell from polars as a Date (polars' Date may come from another realm, so no `instanceof`). */
function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'object' && typeof (value as Date).getTime === 'function')
    return new Date((value as Date).getTime());
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  return undefined;
}
