// The quarantine: files that failed validation (HTML page, truncated zip) or parsing (ParseError, corrupt zip),
// with the reason code, message, member, line and field. The raw bytes stay in landing (rejected downloads under
// landing/_rejected/<sha256>). One row per (file, bytes, stage): a file that fails the same way again adds nothing.
import pl from 'nodejs-polars';
import { openTable, type DeltaTable, type StorageOptions } from '../lake';

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

export class Quarantine {
  private readonly table: DeltaTable;
  private rows: QuarantineRecord[] | undefined;
  private pending: QuarantineRecord[] = [];

  constructor(uri: string, options: StorageOptions) {
    this.table = openTable(uri, options);
  }

  get uri(): string {
    return this.table.uri;
  }

  async all(): Promise<readonly QuarantineRecord[]> {
    if (this.rows) return this.rows;
    const rows: QuarantineRecord[] = [];
    if (await this.table.exists()) {
      const frame = (await this.table.scan()).collectSync();
      for (const r of frame.toRecords() as Record<string, unknown>[]) {
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
          quarantinedAt: toDate(r.quarantined_at) ?? new Date(0),
        });
      }
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
    this.pending.push(record);
    return true;
  }

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
        'site_path',
        rows.map((r) => r.sitePath ?? r.sourceFile),
        pl.Utf8,
      ),
      pl.Series(
        'report_id',
        rows.map((r) => r.reportId),
        pl.Utf8,
      ),
      pl.Series(
        'stage',
        rows.map((r) => r.stage),
        pl.Utf8,
      ),
      pl.Series(
        'sha256',
        rows.map((r) => r.sha256),
        pl.Utf8,
      ),
      pl.Series(
        'bytes_path',
        rows.map((r) => r.bytesPath),
        pl.Utf8,
      ),
      pl.Series(
        'url',
        rows.map((r) => r.url),
        pl.Utf8,
      ),
      pl.Series(
        'code',
        rows.map((r) => r.code),
        pl.Utf8,
      ),
      pl.Series(
        'message',
        rows.map((r) => r.message),
        pl.Utf8,
      ),
      pl.Series(
        'member',
        rows.map((r) => r.member ?? null),
        pl.Utf8,
      ),
      pl.Series(
        'line',
        rows.map((r) => r.line ?? null),
        pl.Int64,
      ),
      pl.Series(
        'field',
        rows.map((r) => r.field ?? null),
        pl.Utf8,
      ),
      pl.Series(
        'quarantined_at',
        rows.map((r) => r.quarantinedAt),
        pl.Datetime('us', 'UTC'),
      ),
      pl.Series(
        'run_id',
        rows.map(() => runId),
        pl.Utf8,
      ),
    ]);
    await this.table.write(frame, { mode: 'append', commitInfo: { operation: 'quarantine', runId } });
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
