// The asset graph derived from the catalogue: per report, its landing files and the bronze table families its
// sections feed, plus the pipeline's own bookkeeping tables. `etl assets` prints it; Dagster reads the JSON.
import type { Catalog } from './catalog';

export interface AssetNode {
  /** `landing/<report>`, `bronze/<table>_v{n}` or `bronze/_ingest_log` style keys. */
  readonly key: string;
  readonly kind: 'landing' | 'bronze' | 'bookkeeping';
  readonly reportId?: string;
  readonly description: string;
  readonly dependsOn: readonly string[];
}

export const BOOKKEEPING_TABLES = {
  crawlLedger: 'landing/_crawl_ledger',
  landingManifest: 'landing/_manifest',
  ingestLog: 'bronze/_ingest_log',
  quarantine: 'bronze/_quarantine',
} as const;

/** The bronze table name of an I-row section: lower case `<report>_<subtype>_v<version>` (empty subtype dropped). */
export function bronzeTableName(report: string, subtype: string, version: number | string): string {
  const parts = [report, subtype].map((p) =>
    p
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, ''),
  );
  return `${parts.filter((p) => p !== '').join('_')}_v${version}`;
}

export function buildAssetGraph(catalog: Catalog): AssetNode[] {
  const nodes: AssetNode[] = [
    {
      key: BOOKKEEPING_TABLES.crawlLedger,
      kind: 'bookkeeping',
      description: 'every file seen in a listing: path, URL, listed size and time, first seen',
      dependsOn: [],
    },
    {
      key: BOOKKEEPING_TABLES.landingManifest,
      kind: 'bookkeeping',
      description: 'every landed file: path, URL, sha256, size, listing time, fetch time',
      dependsOn: [],
    },
    {
      key: BOOKKEEPING_TABLES.ingestLog,
      kind: 'bookkeeping',
      description: 'one completion record per landed file and attempt: loaded or quarantined, tables, rows',
      dependsOn: [],
    },
    {
      key: BOOKKEEPING_TABLES.quarantine,
      kind: 'bookkeeping',
      description: 'files that failed validation or parsing: reason code, message, member, line',
      dependsOn: [],
    },
  ];
  for (const report of catalog.reports) {
    const landing = `landing/${report.id}`;
    const where = [
      report.current?.folder,
      report.archive?.folder,
      report.mmsdm ? `MMSDM ${report.mmsdm.tables.join(', ')}` : undefined,
    ]
      .filter((w) => w !== undefined)
      .join('; ');
    nodes.push({
      key: landing,
      kind: 'landing',
      reportId: report.id,
      description: `${report.title} (raw files from ${where})`,
      dependsOn: [],
    });
    const families =
      report.format === 'csv' && report.csv
        ? [`bronze/${report.csv.table}_v{n}`]
        : report.sections.map((s) => {
            const [name = '', subtype = ''] = s.split(',');
            return `bronze/${bronzeTableName(name, subtype, '{n}')}`;
          });
    for (const key of families) {
      nodes.push({
        key,
        kind: 'bronze',
        reportId: report.id,
        description: `${report.id}: every column as text plus lineage, one table per version`,
        dependsOn: [landing],
      });
    }
  }
  return nodes;
}
