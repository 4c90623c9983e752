// The ingest log: one completion record per landed file and attempt (loaded or quarantined), written after the
// file's rows. It lets a run skip finished files; exactly-once itself rests on the per-batch transaction ids, so a
// record lost in a crash only means the file is replayed (as no-ops) next time. Records are buffered and committed
// together by `flush`.
import pl from 'nodejs-polars';
import type { StorageOptions } from '../lake';
import { RecordTable, readDate, type RecordColumn } from '../records';

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

const COLUMNS: readonly RecordColumn<IngestRecord>[] = [
  { name: 'source_file', dtype: pl.Utf8, value: (r) => r.sourceFile },
  { name: 'landed_sha256', dtype: pl.Utf8, value: (r) => r.landedSha256 },
  { name: 'report_id', dtype: pl.Utf8, value: (r) => r.reportId },
  { name: 'attempt', dtype: pl.Int64, value: (r) => r.attempt },
  { name: 'status', dtype: pl.Utf8, value: (r) => r.status },
  { name: 'tables', dtype: pl.Utf8, value: (r) => JSON.stringify(r.tables) },
  { name: 'rows', dtype: pl.Int64, value: (r) => r.rows },
  { name: 'warnings', dtype: pl.Int64, value: (r) => r.warnings },
  { name: 'message', dtype: pl.Utf8, value: (r) => r.message },
  { name: 'completed_at', dtype: pl.Datetime('us', 'UTC'), value: (r) => r.completedAt },
];

export class IngestLog {
  private readonly table: RecordTable<IngestRecord>;
  private latest: Map<string, IngestRecord> | undefined;

  constructor(uri: string, options: StorageOptions) {
    this.table = new RecordTable(uri, options, { operation: 'ingest-log', columns: COLUMNS });
  }

  get uri(): string {
    return this.table.uri;
  }

  /** The latest record per source file (highest attempt), including unflushed ones. */
  async latestByFile(): Promise<ReadonlyMap<string, IngestRecord>> {
    if (this.latest) return this.latest;
    const latest = new Map<string, IngestRecord>();
    for (const row of await this.table.readAll()) {
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
        completedAt: readDate(row.completed_at) ?? new Date(0),
      };
      const previous = latest.get(record.sourceFile);
      if (!previous || previous.attempt < record.attempt) latest.set(record.sourceFile, record);
    }
    this.latest = latest;
    return latest;
  }

  async record(record: IngestRecord): Promise<void> {
    await this.latestByFile();
    this.latest!.set(record.sourceFile, record);
    this.table.queue(record);
  }

  get pendingCount(): number {
    return this.table.pendingCount;
  }

  /**
   * Commits buffered records in one commit (atomic: all or none). No transaction id is needed: a crash before the
   * commit replays the files (their batches are no-ops), and a crash after it leaves nothing to replay.
   */
  async flush(runId: string): Promise<number> {
    return this.table.flush(runId);
  }
}
