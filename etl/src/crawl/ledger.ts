// The crawl ledger: a Delta table of every file seen in a listing (path, URL, listed size and time, first seen).
// Only paths not seen before are appended, in one commit per run, so a run that sees nothing new commits nothing.
import pl from 'nodejs-polars';
import type { StorageOptions } from '../lake';
import { RecordTable, type RecordColumn } from '../records';
import type { Candidate } from './plan';

type LedgerRow = Candidate & { readonly firstSeenAt: Date };

const COLUMNS: readonly RecordColumn<LedgerRow>[] = [
  { name: 'path', dtype: pl.Utf8, value: (r) => r.landingPath },
  { name: 'site_path', dtype: pl.Utf8, value: (r) => r.path },
  { name: 'url', dtype: pl.Utf8, value: (r) => r.url },
  { name: 'report_id', dtype: pl.Utf8, value: (r) => r.reportId },
  { name: 'tier', dtype: pl.Utf8, value: (r) => r.tier },
  { name: 'file_timestamp', dtype: pl.Datetime('us', 'UTC'), value: (r) => r.timestamp ?? null },
  { name: 'listed_at', dtype: pl.Datetime('us', 'UTC'), value: (r) => r.listedAt ?? null },
  { name: 'listed_size_bytes', dtype: pl.Int64, value: (r) => r.sizeBytes ?? null },
  { name: 'first_seen_at', dtype: pl.Datetime('us', 'UTC'), value: (r) => r.firstSeenAt },
];

export class CrawlLedger {
  private readonly table: RecordTable<LedgerRow>;
  private seen: Set<string> | undefined;

  constructor(uri: string, options: StorageOptions) {
    this.table = new RecordTable(uri, options, { operation: 'crawl-ledger', columns: COLUMNS });
  }

  /** Paths recorded by earlier runs. */
  async seenPaths(): Promise<ReadonlySet<string>> {
    if (this.seen) return this.seen;
    const seen = new Set<string>();
    for (const row of await this.table.readAll(['path'])) seen.add(String(row.path));
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
    const rows = [...fresh.values()].map((c) => ({ ...c, firstSeenAt: now }));
    await this.table.append(rows, runId);
    for (const path of fresh.keys()) seen.add(path);
    return fresh.size;
  }
}
