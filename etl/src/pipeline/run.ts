// Orchestrates one run: plan every selected report (listings cached per folder), record what was seen, fetch
// what is missing with bounded concurrency, land it, and load it into bronze one file at a time. Bookkeeping
// (manifest, quarantine, ingest log) is committed in batches and at the end; a run that finds nothing new
// commits nothing.
import { randomBytes } from 'node:crypto';
import pLimit from 'p-limit';
import type { Report } from '../catalog';
import { describeLakeLocation, type LakeLocation } from '../config';
import {
  CrawlError,
  REJECTED_BODY_CODES,
  planReport,
  type Candidate,
  type Listing,
  type ReportPlan,
  type Source,
  type TimeWindow,
} from '../crawl';
import { LandingError, sha256Hex, type LandedFile } from '../landing';
import type { EventSink, PipelineEvent, ReportSummary, RunSummary } from './events';
import { openLakeHandles, type LakeHandles } from './lake-handles';
import { processLandedFile } from './process-file';

export interface RunOptions {
  readonly reports: readonly Report[];
  readonly source: Source;
  readonly location: LakeLocation;
  readonly window: TimeWindow;
  /** Parallel listings and downloads; bronze loads one file at a time. */
  readonly concurrency: number;
  readonly emit?: EventSink;
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  /** Commit bookkeeping after this many files (and at the end). */
  readonly flushEvery?: number;
}

export async function runPipeline(options: RunOptions): Promise<RunSummary> {
  const now = options.now ?? (() => new Date());
  const startedAt = now();
  const runId = `${startedAt.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
  const emit: EventSink = options.emit ?? (() => undefined);
  const handles = openLakeHandles(options.location);
  const byId = new Map(options.reports.map((r) => [r.id, r]));
  const summaries = new Map<string, ReportSummary>(
    options.reports.map((r) => [
      r.id,
      { reportId: r.id, listed: 0, landed: 0, skipped: 0, ingested: 0, quarantined: 0, failed: 0, rows: 0 },
    ]),
  );
  const tables: Record<string, number> = {};
  const failures: { path: string; code: string; message: string }[] = [];
  const missingFolders = new Set<string>();
  const count = (reportId: string, key: keyof Omit<ReportSummary, 'reportId'>, by = 1): void => {
    const s = summaries.get(reportId);
    if (s) s[key] += by;
  };
  const tap: EventSink = (event: PipelineEvent) => {
    if (event.kind === 'rows-written' && !event.isNoop)
      tables[event.table] = (tables[event.table] ?? 0) + event.rows;
    emit(event);
  };

  emit({
    kind: 'run-started',
    runId,
    source: options.source.description,
    lake: describeLakeLocation(options.location),
    reports: options.reports.map((r) => r.id),
    ...(options.window.from ? { from: options.window.from.toISOString() } : {}),
    ...(options.window.to ? { to: options.window.to.toISOString() } : {}),
  });

  // 1. Plan: list folders once each, match files, choose by timestamp.
  const listings = new Map<string, Promise<Listing | undefined>>();
  const list = (folder: string): Promise<Listing | undefined> => {
    let pending = listings.get(folder);
    if (!pending) {
      pending = options.source.list(folder).then((listing) => {
        if (listing) emit({ kind: 'listing-read', folder, url: listing.url, files: listing.files.length });
        else emit({ kind: 'listing-missing', folder });
        return listing;
      });
      listings.set(folder, pending);
    }
    return pending;
  };
  const limit = pLimit(Math.max(1, options.concurrency));
  const plans = await Promise.all(
    options.reports.map((report) =>
      limit(async (): Promise<ReportPlan | undefined> => {
        throwIfAborted(options.signal);
        try {
          return await planReport(report, list, options.window);
        } catch (error) {
          if (!(error instanceof CrawlError)) throw error;
          failures.push({ path: error.url, code: error.code, message: error.message });
          count(report.id, 'failed');
          emit({
            kind: 'fetch-failed',
            reportId: report.id,
            path: error.url,
            code: error.code,
            message: error.message,
          });
          return undefined;
        }
      }),
    ),
  );
  const candidates = new Map<string, Candidate>();
  for (const plan of plans) {
    if (!plan) continue;
    for (const folder of plan.missingFolders) missingFolders.add(folder);
    const tiers: Partial<Record<Candidate['tier'], number>> = {};
    for (const c of plan.candidates) {
      if (candidates.has(c.landingPath)) continue;
      candidates.set(c.landingPath, c);
      tiers[c.tier] = (tiers[c.tier] ?? 0) + 1;
      count(c.reportId, 'listed');
      emit({
        kind: 'file-listed',
        reportId: c.reportId,
        path: c.landingPath,
        tier: c.tier,
        ...(c.timestamp ? { timestamp: c.timestamp.toISOString() } : {}),
      });
    }
    emit({ kind: 'report-planned', reportId: plan.reportId, files: plan.candidates.length, tiers });
  }
  const ordered = [...candidates.values()].sort(
    (a, b) =>
      (a.timestamp?.getTime() ?? 0) - (b.timestamp?.getTime() ?? 0) ||
      a.landingPath.localeCompare(b.landingPath),
  );
  const ledgerRows = await handles.ledger.recordSeen(ordered, runId, startedAt);

  // 2. Fetch what is missing, land it, load it. Bronze is serialised: one writer per run.
  const ingested = await handles.ingestLog.latestByFile();
  const landed = await handles.landing.landedFiles();
  const bronzeLock = pLimit(1);
  let sinceFlush = 0;
  const totals = { manifest: 0, ingest: 0, quarantine: 0 };
  const flush = async (): Promise<void> => {
    // Manifest first: an ingest record must never point at a file the manifest lacks.
    totals.manifest += await handles.landing.flush(runId);
    totals.quarantine += await handles.quarantine.flush(runId);
    totals.ingest += await handles.ingestLog.flush(runId);
    sinceFlush = 0;
  };

  const handle = async (candidate: Candidate): Promise<void> => {
    throwIfAborted(options.signal);
    const report = byId.get(candidate.reportId)!;
    const status = ingested.get(candidate.landingPath);
    if (status) {
      count(report.id, 'skipped');
      emit({
        kind: 'file-skipped',
        reportId: report.id,
        path: candidate.landingPath,
        reason: status.status === 'loaded' ? 'ingested' : 'quarantined',
      });
      return;
    }
    const got = await obtain(candidate, handles, landed, options.source, now, tap, options.signal);
    if (got.kind === 'failed') {
      failures.push({ path: candidate.landingPath, code: got.code, message: got.message });
      count(report.id, 'failed');
      emit({
        kind: 'fetch-failed',
        reportId: report.id,
        path: candidate.landingPath,
        code: got.code,
        message: got.message,
      });
      return;
    }
    if (got.kind === 'rejected') {
      count(report.id, 'quarantined');
      return;
    }
    count(report.id, 'landed');
    await bronzeLock(async () => {
      throwIfAborted(options.signal);
      const outcome = await processLandedFile(report, got.file, got.bytes, handles, tap, now);
      if (outcome.status === 'loaded') {
        count(report.id, 'ingested');
        count(report.id, 'rows', outcome.rows);
      } else {
        count(report.id, 'quarantined');
      }
      sinceFlush += 1;
      if (sinceFlush >= (options.flushEvery ?? 50)) await flush();
    });
  };

  try {
    await Promise.all(ordered.map((c) => limit(() => handle(c))));
  } finally {
    // Whatever finished is recorded, also when the run stops early.
    await bronzeLock(flush);
    if (totals.manifest + totals.ingest + totals.quarantine + ledgerRows > 0) {
      emit({
        kind: 'bookkeeping-committed',
        manifestRows: totals.manifest,
        ingestRows: totals.ingest,
        quarantineRows: totals.quarantine,
        ledgerRows,
      });
    }
  }

  const summary: RunSummary = {
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
    reports: [...summaries.values()],
    tables,
    failures,
    missingFolders: [...missingFolders].sort(),
  };
  emit({ kind: 'run-finished', summary });
  return summary;
}

type Obtained =
  | { readonly kind: 'landed'; readonly file: LandedFile; readonly bytes: Uint8Array }
  | { readonly kind: 'rejected' }
  | { readonly kind: 'failed'; readonly code: string; readonly message: string };

/** Landed bytes for a candidate: from the landing zone when already there, otherwise fetched once. */
async function obtain(
  candidate: Candidate,
  handles: LakeHandles,
  landed: ReadonlyMap<string, LandedFile>,
  source: Source,
  now: () => Date,
  emit: EventSink,
  signal: AbortSignal | undefined,
): Promise<Obtained> {
  const known = landed.get(candidate.landingPath);
  try {
    if (known) {
      const bytes = await handles.landing.read(known.path);
      emit({
        kind: 'file-landed',
        reportId: candidate.reportId,
        path: known.path,
        sizeBytes: known.sizeBytes,
        sha256: known.sha256,
        how: 'already-landed',
      });
      return { kind: 'landed', file: known, bytes };
    }
    const adopted = await handles.landing.adoptOrphan(candidate, now());
    if (adopted) {
      const bytes = await handles.landing.read(adopted.path);
      emit({
        kind: 'file-landed',
        reportId: candidate.reportId,
        path: adopted.path,
        sizeBytes: adopted.sizeBytes,
        sha256: adopted.sha256,
        how: 'adopted',
      });
      return { kind: 'landed', file: adopted, bytes };
    }
    throwIfAborted(signal);
    const bytes = await source.fetch(candidate);
    const file = await handles.landing.land(candidate, bytes, now());
    emit({
      kind: 'file-landed',
      reportId: candidate.reportId,
      path: file.path,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      how: 'fetched',
    });
    return { kind: 'landed', file, bytes };
  } catch (error) {
    if (error instanceof CrawlError && REJECTED_BODY_CODES.has(error.code) && error.body) {
      const bytesPath = await handles.landing.keepRejected(error.body);
      const isNew = await handles.quarantine.add({
        sourceFile: candidate.landingPath,
        sitePath: candidate.path,
        reportId: candidate.reportId,
        stage: 'fetch',
        sha256: sha256Hex(error.body),
        bytesPath,
        url: candidate.url,
        code: error.code,
        message: error.message,
        quarantinedAt: now(),
      });
      emit({
        kind: 'quarantined',
        reportId: candidate.reportId,
        path: candidate.landingPath,
        stage: 'fetch',
        code: error.code,
        message: isNew ? error.message : `${error.message} (already quarantined)`,
      });
      return { kind: 'rejected' };
    }
    if (error instanceof CrawlError || error instanceof LandingError) {
      return { kind: 'failed', code: error.code, message: error.message };
    }
    throw error;
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('run aborted');
}
