// The `bronze` contender: the generated zip through the real pipeline, as `etl run <report> --from … --to …
// --source <mirror> --lake <dir>` runs it. The zip is linked into a folder laid out like NEMWeb's MMSDM archive,
// and `runPipeline` plans it, lands it (bytes copied into the landing zone, sha256, manifest row), then loads it
// into bronze with `processLandedFile` → `ingestFile`: a validating first pass over the whole file, then batched
// idempotent Delta appends (one commit per batch) with lineage columns, then the ingest-log record.
// Afterwards, outside the timed part, the bronze table is read back: its commit count and its row count.
import { mkdir, readdir, stat, symlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { loadCatalog, mmsdmFolder, selectReports } from '../../etl/src/catalog';
import { layerUri, parseWindowBound, type LakeLocation } from '../../etl/src/config';
import { DirSource } from '../../etl/src/crawl';
import { openTable } from '../../etl/src/lake';
import { LINEAGE_COLUMNS } from '../../etl/src/bronze';
import { runPipeline, type PipelineEvent } from '../../etl/src/pipeline';

/** The catalogue report whose MMSDM history holds each benchmarked table. */
export const REPORT_OF_TABLE: Readonly<Record<string, string>> = {
  DISPATCH_UNIT_SCADA: 'dispatch_scada',
  DISPATCHLOAD: 'next_day_dispatch',
};

export interface BronzeRun {
  readonly wallMs: number;
  /** Planning, landing (copy + sha256) and bookkeeping: the wall time outside the bronze ingest. */
  readonly landMs: number;
  /** `processLandedFile`: both passes and every Delta append. */
  readonly ingestMs: number;
  /** Rows the pipeline reports as written. */
  readonly rowsWritten: number;
  /** The bronze table(s) the run wrote to. */
  readonly tables: readonly string[];
  /** Non-noop bronze appends the pipeline reported. */
  readonly appends: number;
  readonly warnings: readonly string[];
}

export interface BronzeCheck {
  /** Commit files in the bronze table's `_delta_log`. */
  readonly commits: number;
  /** Rows a scan of the committed table returns. */
  readonly tableRows: number;
  readonly dataBytes: number;
}

/** Lays out `zip` under `mirror` where NEMWeb's MMSDM archive keeps the month 2024-09 of `table`. */
async function mirrorOf(zip: string, mirror: string, table: string): Promise<string> {
  const report = reportFor(table);
  const folder = join(mirror, ...mmsdmFolder(report, 2024, 9).split('/'));
  await mkdir(folder, { recursive: true });
  await symlink(zip, join(folder, basename(zip)));
  return report.id;
}

function reportFor(table: string): ReturnType<typeof selectReports>[number] {
  const id = REPORT_OF_TABLE[table];
  if (id === undefined) throw new Error(`no catalogue report is mapped to ${table}`);
  return selectReports(loadCatalog(), [id])[0]!;
}

export async function runBronze(table: string, zip: string, outDir: string): Promise<BronzeRun> {
  const mirror = join(outDir, 'mirror');
  const location: LakeLocation = { kind: 'local', root: join(outDir, 'lake') };
  const reportId = await mirrorOf(zip, mirror, table);
  const warnings: string[] = [];
  let appends = 0;
  let landedAt = 0;
  let ingestedAt = 0;
  const started = performance.now();
  const summary = await runPipeline({
    reports: selectReports(loadCatalog(), [reportId]),
    source: new DirSource(mirror),
    location,
    window: { from: parseWindowBound('2024-09-01', '--from'), to: parseWindowBound('2024-10-01', '--to') },
    concurrency: 1,
    emit: (event: PipelineEvent) => {
      if (event.kind === 'file-landed') landedAt = performance.now();
      if (event.kind === 'file-ingested') ingestedAt = performance.now();
      if (event.kind === 'rows-written' && !event.isNoop) appends += 1;
      if (event.kind === 'parse-warning') warnings.push(`${event.code}: ${event.message}`);
      if (event.kind === 'quarantined' || event.kind === 'fetch-failed')
        warnings.push(`${event.kind} ${event.code}: ${event.message}`);
    },
  });
  const wallMs = performance.now() - started;
  const [outcome] = summary.reports;
  if (outcome?.ingested !== 1 || landedAt === 0 || ingestedAt === 0) {
    throw new Error(
      `etl run did not load ${basename(zip)}: ${JSON.stringify(summary)}\n${warnings.join('\n')}`,
    );
  }
  return {
    wallMs,
    landMs: wallMs - (ingestedAt - landedAt),
    ingestMs: ingestedAt - landedAt,
    rowsWritten: outcome.rows,
    tables: Object.keys(summary.tables),
    appends,
    warnings,
  };
}

/** Reads a bronze table back: commits in its log, rows a scan returns, bytes of its data files. */
export async function checkBronze(outDir: string, table: string): Promise<BronzeCheck> {
  const location: LakeLocation = { kind: 'local', root: join(outDir, 'lake') };
  const uri = layerUri(location, 'bronze', table);
  const log = (await readdir(join(uri, '_delta_log'))).filter((name) => /^\d{20}\.json$/.test(name));
  // One narrow integer column: counting rows without materialising the table under the capped heap.
  const frame = (await openTable(uri).scan({ columns: [LINEAGE_COLUMNS.rowNumber] })).collectSync();
  return { commits: log.length, tableRows: frame.height, dataBytes: await dataBytesUnder(uri) };
}

async function dataBytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const isDataFile =
      entry.isFile() && entry.name.endsWith('.parquet') && !entry.parentPath.includes('_delta_log');
    if (isDataFile) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
