// Decides which files cover a report over a time window. Newest first in authority: Reports/Current; when the
// window starts before what Current still holds, Reports/Archive (daily or weekly zips of zips); before that, the
// MMSDM monthly archive. Files are chosen by their file-name timestamp (market time), never by listing order.
import { MMSDM_PATTERNS, mmsdmFolder, type Cadence, type CompiledPattern, type Report } from '../catalog';
import type { Listing, SourceFile } from './source';

/** The half-open window (from, to] of market intervals, as UTC instants; either end may be open. */
export interface TimeWindow {
  readonly from?: Date;
  readonly to?: Date;
}

export type Tier = 'current' | 'archive' | 'mmsdm';

export interface Candidate extends SourceFile {
  /**
   * Where the file lands: its site path; for files whose name carries no timestamp (gas reports AEMO republishes
   * under one name) the site path plus `~<listing time, YYYYMMDDHHmm AEST>`, so each publication lands once.
   */
  readonly landingPath: string;
  readonly reportId: string;
  readonly tier: Tier;
  /** File-name timestamp (or listing time when the name has none), UTC. */
  readonly timestamp?: Date;
}

export type Lister = (folder: string) => Promise<Listing | undefined>;

export interface ReportPlan {
  readonly reportId: string;
  readonly candidates: readonly Candidate[];
  /** Folders the catalogue names that the source does not have (HTTP 404, no such directory). */
  readonly missingFolders: readonly string[];
}

const MINUTE_MS = 60_000;
const PERIOD_MS: Record<Cadence, number> = {
  '5min': 5 * MINUTE_MS,
  '30min': 30 * MINUTE_MS,
  daily: 1440 * MINUTE_MS,
  weekly: 7 * 1440 * MINUTE_MS,
  monthly: 31 * 1440 * MINUTE_MS,
  irregular: 0,
};
const MARKET_OFFSET_MS = 10 * 60 * MINUTE_MS;
const MMSDM_ROOT = 'Data_Archive/Wholesale_Electricity/MMSDM';

export async function planReport(report: Report, list: Lister, window: TimeWindow): Promise<ReportPlan> {
  const candidates: Candidate[] = [];
  const missingFolders: string[] = [];
  const listOrNote = async (folder: string): Promise<Listing | undefined> => {
    const listing = await list(folder);
    if (!listing) missingFolders.push(folder);
    return listing;
  };

  let coveredFrom: Date | undefined; // the earliest instant a newer tier already covers
  if (report.current && report.currentPattern) {
    const listing = await listOrNote(report.current.folder);
    const matched = matchFiles(listing, report.currentPattern, report, 'current');
    if (report.current.withSubfolders) {
      for (const sub of listing?.folders ?? []) {
        // NEMWeb's DUPLICATE folders hold re-sent copies of files already listed.
        if (/\/DUPLICATE$/i.test(sub)) continue;
        matched.push(...matchFiles(await list(sub), report.currentPattern, report, 'current'));
      }
    }
    coveredFrom = earliestStart(matched, report.stamp, PERIOD_MS[report.current.cadence ?? report.cadence]);
    candidates.push(
      ...matched.filter((c) =>
        inWindow(c, report.stamp, PERIOD_MS[report.current?.cadence ?? report.cadence], window),
      ),
    );
  }
  const wantsHistory = window.from !== undefined && (coveredFrom === undefined || window.from < coveredFrom);
  if (wantsHistory && report.archive && report.archivePattern) {
    const period = PERIOD_MS[report.archive.cadence ?? report.cadence];
    const listing = await listOrNote(report.archive.folder);
    const matched = matchFiles(listing, report.archivePattern, report, 'archive').filter(
      (c) => coveredFrom === undefined || (c.timestamp !== undefined && c.timestamp < coveredFrom),
    );
    candidates.push(...matched.filter((c) => inWindow(c, 'period-start', period, window)));
    coveredFrom = earliestStart(matched, 'period-start', period) ?? coveredFrom;
  }
  if (report.mmsdm) {
    const tables = new Set(report.mmsdm.tables);
    if (window.from !== undefined && (coveredFrom === undefined || window.from < coveredFrom)) {
      const until = minDate(coveredFrom, window.to);
      for (const month of await mmsdmMonths(list)) {
        const monthStart = marketMonthStart(month.year, month.month);
        const monthEnd = marketMonthStart(month.year, month.month + 1);
        if (monthEnd <= window.from || (until !== undefined && monthStart >= until)) continue;
        candidates.push(...(await mmsdmFiles(report, tables, month, list)));
      }
    } else if (!report.current && !report.archive) {
      // A monthly snapshot (registration) with no window: the latest month that has the tables.
      for (const month of (await mmsdmMonths(list)).reverse()) {
        const files = await mmsdmFiles(report, tables, month, list);
        if (files.length > 0) {
          candidates.push(...files);
          break;
        }
      }
    }
  }
  return { reportId: report.id, candidates, missingFolders };
}

async function mmsdmFiles(
  report: Report,
  tables: ReadonlySet<string>,
  month: { year: number; month: number },
  list: Lister,
): Promise<Candidate[]> {
  const listing = await list(mmsdmFolder(report, month.year, month.month));
  const found: Candidate[] = [];
  for (const file of listing?.files ?? []) {
    for (const pattern of MMSDM_PATTERNS) {
      const match = pattern.match(file.name);
      if (match?.table !== undefined && tables.has(match.table)) {
        found.push({
          ...file,
          landingPath: file.path,
          reportId: report.id,
          tier: 'mmsdm',
          ...(match.timestamp ? { timestamp: match.timestamp } : {}),
        });
        break;
      }
    }
  }
  return found;
}

/** The months the MMSDM archive holds, oldest first, discovered from the year and month listings. */
async function mmsdmMonths(list: Lister): Promise<{ year: number; month: number }[]> {
  const months: { year: number; month: number }[] = [];
  const root = await list(MMSDM_ROOT);
  const years = (root?.folders ?? [])
    .map((f) => Number(f.split('/').pop()))
    .filter((y) => Number.isInteger(y));
  for (const year of years.sort((a, b) => a - b)) {
    const listing = await list(`${MMSDM_ROOT}/${year}`);
    for (const folder of listing?.folders ?? []) {
      const match = /MMSDM_(\d{4})_(\d{2})$/.exec(folder);
      if (match) months.push({ year: Number(match[1]), month: Number(match[2]) });
    }
  }
  return months.sort((a, b) => a.year - b.year || a.month - b.month);
}

function matchFiles(
  listing: Listing | undefined,
  pattern: CompiledPattern,
  report: Report,
  tier: Tier,
): Candidate[] {
  const out: Candidate[] = [];
  for (const file of listing?.files ?? []) {
    const match = pattern.match(file.name);
    if (!match) continue;
    const timestamp = match.timestamp ?? file.listedAt;
    const landingPath =
      match.timestamp === undefined && file.listedAt
        ? `${file.path}~${marketStamp(file.listedAt)}`
        : file.path;
    out.push({ ...file, landingPath, reportId: report.id, tier, ...(timestamp ? { timestamp } : {}) });
  }
  return out;
}

/** A file covers (start, end]: interval-end stamps close the period, the others open it. */
function coverage(
  c: Candidate,
  stamp: Report['stamp'],
  periodMs: number,
): { start: number; end: number } | undefined {
  if (!c.timestamp) return undefined;
  const t = c.timestamp.getTime();
  return stamp === 'interval-end' ? { start: t - periodMs, end: t } : { start: t, end: t + periodMs };
}

export function inWindow(
  c: Candidate,
  stamp: Report['stamp'],
  periodMs: number,
  window: TimeWindow,
): boolean {
  const span = coverage(c, stamp, periodMs);
  if (!span) return window.from === undefined && window.to === undefined;
  const from = window.from?.getTime() ?? -Infinity;
  const to = window.to?.getTime() ?? Infinity;
  if (span.start === span.end) return span.end > from && span.end <= to;
  return span.end > from && span.start < to;
}

function earliestStart(
  files: readonly Candidate[],
  stamp: Report['stamp'],
  periodMs: number,
): Date | undefined {
  let earliest: number | undefined;
  for (const f of files) {
    const span = coverage(f, stamp, periodMs);
    if (span && (earliest === undefined || span.start < earliest)) earliest = span.start;
  }
  return earliest === undefined ? undefined : new Date(earliest);
}

/** `YYYYMMDDHHmm` in market time (AEST), the precision of NEMWeb listings. */
function marketStamp(instant: Date): string {
  return new Date(instant.getTime() + MARKET_OFFSET_MS).toISOString().replace(/[-T:]/g, '').slice(0, 12);
}

function marketMonthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month - 1, 1) - MARKET_OFFSET_MS);
}

function minDate(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}
