// The quarantine: files that failed validation (HTML page, truncated zip) or parsing (ParseError, corrupt zip),
// with the reason code, message, member, line and field. The raw bytes stay in landing (rejected downloads under
// landing/_rejected/<sha256>). One row per (file, bytes, stage): a file that fails the same way again adds nothing.
import pl from 'nodejs-polars';
import type { StorageOptions } from '../lake';
import { RecordTable, readDate, type RecordColumn } from '../records';

export type QuarantineStage = 'fetch' | 'bronze';

export interface QuarantineRecord {
  /** The landing path (site path, plus `~<listing time>` for republished names). */
  readonly sourceFile: string;
  /** The path on the source, to fetch again; defaults to `sourceFile`. */
  readonly sitePath?: string;
  readonly reportId: string;
  readonly stage: QuarantineStage;
  readonly sha256: string;
  /** Where the bytes are kept: the landing path, or `_rejected/<sha256>` for a download that never landed. */
  readonly bytesPath: string;
  readonly url: string;
  readonly code: string;
  readonly message: string;
  readonly member?: string;
  readonly line?: number;
  readonly field?: string;
  readonly quarantinedAt: Date;
}

const COLUMNS: readonly RecordColumn<QuarantineRecord>[] = [
  { name: 'source_file', dtype: pl.Utf8, value: (r) => r.sourceFile },
  { name: 'site_path', dtype: pl.Utf8, value: (r) => r.sitePath ?? r.sourceFile },
  { name: 'report_id', dtype: pl.Utf8, value: (r) => r.reportId },
  { name: 'stage', dtype: pl.Utf8, value: (r) => r.stage },
  { name: 'sha256', dtype: pl.Utf8, value: (r) => r.sha256 },
  { name: 'bytes_path', dtype: pl.Utf8, value: (r) => r.bytesPath },
  { name: 'url', dtype: pl.Utf8, value: (r) => r.url },
  { name: 'code', dtype: pl.Utf8, value: (r) => r.code },
  { name: 'message', dtype: pl.Utf8, value: (r) => r.message },
  { name: 'member', dtype: pl.Utf8, value: (r) => r.member ?? null },
  { name: 'line', dtype: pl.Int64, value: (r) => r.line ?? null },
  { name: 'field', dtype: pl.Utf8, value: (r) => r.field ?? null },
  { name: 'quarantined_at', dtype: pl.Datetime('us', 'UTC'), value: (r) => r.quarantinedAt },
];

export class Quarantine {
  private readonly table: RecordTable<QuarantineRecord>;
  private rows: QuarantineRecord[] | undefined;

  constructor(uri: string, options: StorageOptions) {
    this.table = new RecordTable(uri, options, { operation: 'quarantine', columns: COLUMNS });
  }

  get uri(): string {
    return this.table.uri;
  }

  async all(): Promise<readonly QuarantineRecord[]> {
    if (this.rows) return this.rows;
    const rows: QuarantineRecord[] = [];
    for (const r of await this.table.readAll()) {
      rows.push({
        sourceFile: String(r.source_file),
        ...(r.site_path == null ? {} : { sitePath: String(r.site_path) }),
        reportId: String(r.report_id),
        stage: r.stage === 'fetch' ? 'fetch' : 'bronze',
        sha256: String(r.sha256),
        bytesPath: String(r.bytes_path),
        url: String(r.url),
        code: String(r.code),
        message: String(r.message),
        ...(r.member == null ? {} : { member: String(r.member) }),
        ...(r.line == null ? {} : { line: Number(r.line) }),
        ...(r.field == null ? {} : { field: String(r.field) }),
        quarantinedAt: readDate(r.quarantined_at) ?? new Date(0),
      });
    }
    this.rows = rows;
    return rows;
  }

  /** Queues a record unless the same file, bytes and stage are already quarantined; returns whether it is new. */
  async add(record: QuarantineRecord): Promise<boolean> {
    const rows = (await this.all()) as QuarantineRecord[];
    const known = rows.some(
      (r) => r.sourceFile === record.sourceFile && r.sha256 === record.sha256 && r.stage === record.stage,
    );
    if (known) return false;
    rows.push(record);
    this.table.queue(record);
    return true;
  }

  async flush(runId: string): Promise<number> {
    return this.table.flush(runId);
  }
}
