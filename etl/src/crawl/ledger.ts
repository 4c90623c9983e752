// The crawl ledger: a Delta table of every file seen in a listing (path, URL, listed size and time, first seen).
// Only paths not seen before are appended, in one commit per run, so a run that sees nothing new commits nothing.
import pl from 'nodejs-polars';
import { openTable, type DeltaTable, type StorageOptions } from '../lake';
import type { Candidate } from './plan';

export class CrawlLedger {
  private readonly table: DeltaTable;
  private seen: Set<string> | undefined;

  constructor(uri: string, options: StorageOptions) {
    this.table = openTable(uri, options);
  }

  /** Paths recorded by earlier runs. */
  async seenPaths(): Promise<ReadonlySet<string>> {
    if (this.seen) return this.seen;
    const seen = new Set<string>();
    if (await this.table.exists()) {
      const frame = (await this.table.scan({ columns: ['path'] })).collectSync();
      for (const value of frame.getColumn('path').toArray() as string[]) seen.add(value);
    }
    this.seen = seen;
    return seen;
  }

  /** Appends the candidates not seen before; returns how many were new. */
  async recordSeen(candidates: readonly Candidate[], runId: string, now: Date): Promise<number> {
    await this.seenPaths();
    const seen = this.seen!;
    const fresh = new Map<string, Candidate>();
    for (const c of candidates) {
      if (!seen.has(c.landingPath) && !fresh.has(c.landingPath)) fresh.set(c.landingPath, c);
    }
    if (fresh.size === 0) return 0;
    const rows = [...fresh.values()];
    const frame = pl.DataFrame([
      pl.Series(
        'path',
        rows.map((r) => r.landingPath),
        pl.Utf8,
      ),
      pl.Series(
        'site_path',
        rows.map((r) => r.path),
        pl.Utf8,
      ),
      pl.Series(
        'url',
        rows.map((r) => r.url),
        pl.Utf8,
      ),
      pl.Series(
        'report_id',
        rows.map((r) => r.reportId),
        pl.Utf8,
      ),
      pl.Series(
        'tier',
        rows.map((r) => r.tier),
        pl.Utf8,
      ),
      pl.Series(
        'file_timestamp',
        rows.map((r) => r.timestamp ?? null),
        pl.Datetime('us', 'UTC'),
      ),
      pl.Series(
        'listed_at',
        rows.map((r) => r.listedAt ?? null),
        pl.Datetime('us', 'UTC'),
      ),
      pl.Series(
        'listed_size_bytes',
        rows.map((r) => r.sizeBytes ?? null),
        pl.Int64,
      ),
      pl.Series(
        'first_seen_at',
        rows.map(() => now),
        pl.Datetime('us', 'UTC'),
      ),
      pl.Series(
        'run_id',
        rows.map(() => runId),
        pl.Utf8,
      ),
    ]);
    await this.table.write(frame, { mode: 'append', commitInfo: { operation: 'crawl-ledger', runId } });
    for (const path of fresh.keys()) seen.add(path);
    return fresh.size;
  }
}
