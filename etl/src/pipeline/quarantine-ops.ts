// `etl quarantine list|retry`: which quarantined files are still open, and another attempt at them — bronze
// failures are re-parsed from the landed bytes (after a parser fix), rejected downloads are fetched again.
import type { Catalog } from '../catalog';
import type { QuarantineRecord } from '../bronze';
import type { Candidate, Source } from '../crawl';
import type { EventSink } from './events';
import type { LakeHandles } from './lake-handles';
import { processLandedFile, type FileOutcome } from './process-file';
import { CrawlError } from '../crawl';

export interface OpenQuarantineEntry extends QuarantineRecord {
  /** Attempts recorded for the file in the ingest log (bronze stage), 0 for rejected downloads. */
  readonly attempts: number;
}

/** Quarantine records whose file has not since been loaded (bronze) or landed (fetch), newest record per file. */
export async function listOpenQuarantine(handles: LakeHandles): Promise<OpenQuarantineEntry[]> {
  const latest = await handles.ingestLog.latestByFile();
  const landed = await handles.landing.landedFiles();
  const newest = new Map<string, QuarantineRecord>();
  for (const record of await handles.quarantine.all()) {
    const key = `${record.stage}:${record.sourceFile}`;
    const previous = newest.get(key);
    if (!previous || previous.quarantinedAt <= record.quarantinedAt) newest.set(key, record);
  }
  const open: OpenQuarantineEntry[] = [];
  for (const record of newest.values()) {
    const status = latest.get(record.sourceFile);
    const isOpen =
      record.stage === 'bronze'
        ? status?.status === 'quarantined'
        : !landed.has(record.sourceFile) && !status;
    if (isOpen) open.push({ ...record, attempts: record.stage === 'bronze' ? (status?.attempt ?? 0) : 0 });
  }
  return open.sort((a, b) => a.sourceFile.localeCompare(b.sourceFile));
}

export interface RetryResult {
  readonly path: string;
  readonly stage: 'fetch' | 'bronze';
  readonly outcome:
    FileOutcome | { readonly status: 'failed'; readonly code: string; readonly message: string };
}

export async function retryQuarantined(options: {
  readonly handles: LakeHandles;
  readonly catalog: Catalog;
  /** Needed for rejected downloads only. */
  readonly source?: Source;
  /** Restrict to these site paths; all open entries otherwise. */
  readonly paths?: readonly string[];
  readonly emit?: EventSink;
  readonly now?: () => Date;
  readonly runId: string;
}): Promise<RetryResult[]> {
  const { handles, catalog } = options;
  const emit = options.emit ?? (() => undefined);
  const now = options.now ?? (() => new Date());
  const wanted = options.paths && options.paths.length > 0 ? new Set(options.paths) : undefined;
  const results: RetryResult[] = [];
  try {
    for (const entry of await listOpenQuarantine(handles)) {
      if (wanted && !wanted.has(entry.sourceFile)) continue;
      const report = catalog.get(entry.reportId);
      if (!report) {
        results.push({
          path: entry.sourceFile,
          stage: entry.stage,
          outcome: {
            status: 'failed',
            code: 'UNKNOWN_REPORT',
            message: `report "${entry.reportId}" is no longer in the catalogue`,
          },
        });
        continue;
      }
      if (entry.stage === 'bronze') {
        const file = (await handles.landing.landedFiles()).get(entry.sourceFile);
        if (!file) {
          results.push({
            path: entry.sourceFile,
            stage: 'bronze',
            outcome: {
              status: 'failed',
              code: 'NOT_LANDED',
              message: 'the landing manifest has no record of this file',
            },
          });
          continue;
        }
        const bytes = await handles.landing.read(file.path);
        results.push({
          path: file.path,
          stage: 'bronze',
          outcome: await processLandedFile(report, file, bytes, handles, emit, now),
        });
        continue;
      }
      if (!options.source) {
        results.push({
          path: entry.sourceFile,
          stage: 'fetch',
          outcome: {
            status: 'failed',
            code: 'NO_SOURCE',
            message: 'a rejected download needs --source to be fetched again',
          },
        });
        continue;
      }
      const candidate: Candidate = {
        ...options.source.fileAt(entry.sitePath ?? entry.sourceFile),
        landingPath: entry.sourceFile,
        reportId: report.id,
        tier: 'current',
      };
      try {
        const bytes = await options.source.fetch(candidate);
        const file = await handles.landing.land(candidate, bytes, now());
        emit({
          kind: 'file-landed',
          reportId: report.id,
          path: file.path,
          sizeBytes: file.sizeBytes,
          sha256: file.sha256,
          how: 'fetched',
        });
        results.push({
          path: file.path,
          stage: 'fetch',
          outcome: await processLandedFile(report, file, bytes, handles, emit, now),
        });
      } catch (error) {
        if (!(error instanceof CrawlError)) throw error;
        results.push({
          path: entry.sourceFile,
          stage: 'fetch',
          outcome: { status: 'failed', code: error.code, message: error.message },
        });
      }
    }
  } finally {
    await handles.landing.flush(options.runId);
    await handles.quarantine.flush(options.runId);
    await handles.ingestLog.flush(options.runId);
  }
  return results;
}
