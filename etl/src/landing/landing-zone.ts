// The landing zone: raw AEMO files byte for byte at landing/<site path> (the path on NEMWeb, `%23` kept), plus a
// manifest Delta table (path, URL, sha256, size, listing time, fetch time). A file is fetched once: bytes first
// (atomic put), manifest row after; a crash between the two is repaired by hashing the stored bytes, not by
// downloading again.
import { createHash } from 'node:crypto';
import pl from 'nodejs-polars';
import type { Candidate } from '../crawl';
import { openStorage, type ObjectStore, type StorageOptions } from '../lake';
import { RecordTable, readDate, type RecordColumn } from '../records';
import { LandingError } from './errors';

export interface LandedFile {
  readonly path: string;
  readonly url: string;
  readonly reportId: string;
  readonly tier: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly listedAt?: Date;
  readonly fetchedAt: Date;
}

const MANIFEST_COLUMNS: readonly RecordColumn<LandedFile>[] = [
  { name: 'path', dtype: pl.Utf8, value: (r) => r.path },
  { name: 'url', dtype: pl.Utf8, value: (r) => r.url },
  { name: 'report_id', dtype: pl.Utf8, value: (r) => r.reportId },
  { name: 'tier', dtype: pl.Utf8, value: (r) => r.tier },
  { name: 'sha256', dtype: pl.Utf8, value: (r) => r.sha256 },
  { name: 'size_bytes', dtype: pl.Int64, value: (r) => r.sizeBytes },
  { name: 'listed_at', dtype: pl.Datetime('us', 'UTC'), value: (r) => r.listedAt ?? null },
  { name: 'fetched_at', dtype: pl.Datetime('us', 'UTC'), value: (r) => r.fetchedAt },
];

const MANIFEST = '_manifest';
const REJECTED = '_rejected';

export class LandingZone {
  readonly objects: ObjectStore;
  private readonly manifest: RecordTable<LandedFile>;
  private landed: Map<string, LandedFile> | undefined;

  constructor(
    readonly rootUri: string,
    options: StorageOptions,
  ) {
    this.objects = openStorage(rootUri, options).objects;
    this.manifest = new RecordTable(joinUri(rootUri, MANIFEST), options, {
      operation: 'landing-manifest',
      columns: MANIFEST_COLUMNS,
    });
  }

  get manifestUri(): string {
    return this.manifest.uri;
  }

  /** Files the manifest records (committed or pending in this process), by path. */
  async landedFiles(): Promise<ReadonlyMap<string, LandedFile>> {
    if (this.landed) return this.landed;
    const landed = new Map<string, LandedFile>();
    for (const row of await this.manifest.readAll()) {
      landed.set(String(row.path), {
        path: String(row.path),
        url: String(row.url),
        reportId: String(row.report_id),
        tier: String(row.tier),
        sha256: String(row.sha256),
        sizeBytes: Number(row.size_bytes),
        ...(readDate(row.listed_at) ? { listedAt: readDate(row.listed_at)! } : {}),
        fetchedAt: readDate(row.fetched_at) ?? new Date(0),
      });
    }
    this.landed = landed;
    return landed;
  }

  /** Bytes already stored for `path` by a run that crashed before its manifest row: adopt them. */
  async adoptOrphan(file: Candidate, now: Date): Promise<LandedFile | undefined> {
    const path = checkedPath(file.landingPath);
    if (!(await this.objects.head(path))) return undefined;
    const bytes = await this.objects.get(path);
    return this.remember(file, bytes, now);
  }

  /** Stores fetched bytes at the file's site path and queues its manifest row. */
  async land(file: Candidate, bytes: Uint8Array, fetchedAt: Date): Promise<LandedFile> {
    await this.objects.put(checkedPath(file.landingPath), bytes);
    return this.remember(file, bytes, fetchedAt);
  }

  /** Keeps the bytes of a rejected download as evidence (`_rejected/<sha256>`); returns that path. */
  async keepRejected(bytes: Uint8Array): Promise<string> {
    const path = `${REJECTED}/${sha256Hex(bytes)}`;
    await this.objects.put(path, bytes);
    return path;
  }

  read(path: string): Promise<Uint8Array> {
    return this.objects.get(checkedPath(path));
  }

  /** Commits queued manifest rows (one commit); a no-op when nothing is queued. */
  async flush(runId: string): Promise<number> {
    return this.manifest.flush(runId);
  }

  private async remember(file: Candidate, bytes: Uint8Array, fetchedAt: Date): Promise<LandedFile> {
    const landed: LandedFile = {
      path: file.landingPath,
      url: file.url,
      reportId: file.reportId,
      tier: file.tier,
      sha256: sha256Hex(bytes),
      sizeBytes: bytes.byteLength,
      ...(file.listedAt ? { listedAt: file.listedAt } : {}),
      fetchedAt,
    };
    (await this.landedFiles()) as Map<string, LandedFile>;
    this.landed?.set(landed.path, landed);
    this.manifest.queue(landed);
    return landed;
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Landing paths come from remote listings: refuse anything that could leave the landing root. */
export function checkedPath(path: string): string {
  const segments = path.split('/');
  if (
    path.startsWith('/') ||
    path.includes('\\') ||
    path.includes('\0') ||
    segments.some((s) => s === '' || s === '.' || s === '..') ||
    segments[0]?.startsWith('_')
  ) {
    throw new LandingError(
      'UNSAFE_PATH',
      `refusing landing path "${path}": expected a relative site path without empty, "." or ".." segments`,
    );
  }
  return path;
}

function joinUri(root: string, child: string): string {
  return root.endsWith('/') ? `${root}${child}` : `${root}/${child}`;
}
