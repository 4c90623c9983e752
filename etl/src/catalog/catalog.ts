// Loads and validates the report catalogue once; the rest of the pipeline receives `Report`s with compiled
// file-name patterns. Every problem of every entry is reported together.
import { CatalogError } from './errors';
import { compileFilePattern, type CompiledPattern } from './file-pattern';
import { GAS_REPORTS } from './gas-reports';
import { NEM_REPORTS } from './nem-reports';
import { reportEntrySchema, type ReportEntry } from './schema';

/** MMSDM file names, both namings (to 2024-07 and from 2024-08). */
export const MMSDM_PATTERNS: readonly CompiledPattern[] = [
  compileFilePattern('PUBLIC_DVD_{table}_{ts:YYYYMM}010000.zip'),
  compileFilePattern('PUBLIC_ARCHIVE{hash}{table}{hash}{any}FILE{n}{hash}{ts:YYYYMM}010000.zip'),
];

export interface Report extends ReportEntry {
  readonly currentPattern?: CompiledPattern;
  readonly archivePattern?: CompiledPattern;
}

export interface Catalog {
  readonly reports: readonly Report[];
  get(id: string): Report | undefined;
}

export function loadCatalog(entries: readonly unknown[] = [...NEM_REPORTS, ...GAS_REPORTS]): Catalog {
  const problems: string[] = [];
  const reports: Report[] = [];
  const seen = new Set<string>();
  entries.forEach((raw, index) => {
    const parsed = reportEntrySchema.safeParse(raw);
    const label = `entry ${index}${typeof raw === 'object' && raw && 'id' in raw ? ` (${String(raw.id)})` : ''}`;
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${label}: ${issue.path.join('.') || '(entry)'}: ${issue.message}`);
      return;
    }
    const entry = parsed.data;
    if (seen.has(entry.id)) problems.push(`${label}: duplicate id "${entry.id}"`);
    seen.add(entry.id);
    if (!entry.current && !entry.archive && !entry.mmsdm)
      problems.push(`${label}: needs current, archive or mmsdm`);
    if (entry.format === 'csv' && !entry.csv) problems.push(`${label}: format csv needs csv.table`);
    try {
      reports.push({
        ...entry,
        ...(entry.current ? { currentPattern: compileFilePattern(entry.current.file) } : {}),
        ...(entry.archive ? { archivePattern: compileFilePattern(entry.archive.file) } : {}),
      });
    } catch (error) {
      problems.push(`${label}: ${(error as Error).message}`);
    }
  });
  if (problems.length > 0) {
    throw new CatalogError(
      'CATALOG_INVALID',
      `the report catalogue is invalid:\n${problems.map((p, i) => `  ${i + 1}. ${p}`).join('\n')}`,
    );
  }
  const byId = new Map(reports.map((r) => [r.id, r]));
  return Object.freeze({ reports: Object.freeze(reports), get: (id: string) => byId.get(id) });
}

/**
 * Resolves a selection: report ids, `nem`, `gas`, a gas market (`gbb`, `sttm`, `dwgm`) or a `prefix*` glob.
 * An empty selection means every report. An unknown word is an error naming the known ids.
 */
export function selectReports(catalog: Catalog, selection: readonly string[]): Report[] {
  if (selection.length === 0) return [...catalog.reports];
  const chosen = new Set<Report>();
  const unknown: string[] = [];
  for (const word of selection) {
    const matches = catalog.reports.filter((report) => {
      if (word === report.id || word === report.market || word === report.gasMarket) return true;
      return word.endsWith('*') && report.id.startsWith(word.slice(0, -1));
    });
    if (matches.length === 0) unknown.push(word);
    for (const match of matches) chosen.add(match);
  }
  if (unknown.length > 0) {
    throw new CatalogError(
      'UNKNOWN_REPORT',
      `unknown report selection ${unknown.map((u) => `"${u}"`).join(', ')}; ` +
        `use a report id (see \`etl assets\`), nem, gas, gbb, sttm, dwgm or a prefix ending in *`,
    );
  }
  return catalog.reports.filter((r) => chosen.has(r));
}

/** The MMSDM month folder that holds `table` for `year`/`month`, honouring a report's later folder. */
export function mmsdmFolder(report: Report, year: number, month: number): string {
  const mm = String(month).padStart(2, '0');
  const later = report.mmsdm?.laterFolder;
  const sub = later && `${year}-${mm}` >= later.fromMonth ? later.folder : 'DATA';
  return `Data_Archive/Wholesale_Electricity/MMSDM/${year}/MMSDM_${year}_${mm}/MMSDM_Historical_Data_SQLLoader/${sub}`;
}
