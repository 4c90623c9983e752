// The contenders, each run in its own child process so peak RSS is its own:
// - `bronze`: ours, the real thing — `etl run` over a mirror folder holding the zip: landing, then the bronze
//   stage's two-pass ingest into Delta tables (see etl-run.ts).
// - `stream`: our parser without Delta — the zip member streamed through the C/I/D reader, each validated
//   batch's source text read by polars' native CSV reader, plain 100k-row Parquet files.
// - `stream-worker`: the same, with polars in a worker thread, overlapping the parse of the next batch.
// - `stream-values`: the same, but columns built from the parsed values in JS (for comparison).
// - `duckdb`: the peer — the member unzipped to a CSV file, then DuckDB `read_csv` → `COPY … TO parquet`.
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import { readCid, walkZip, type Section } from '../../etl/src/parse';
import { ParquetBatchWriter, type BatchMode } from './bronze-batches';
import { checkBronze, runBronze } from './etl-run';

export interface ContenderResult {
  readonly contender: string;
  readonly wallMs: number;
  /** Time to unzip to disk, for contenders that need it (included in wallMs). */
  readonly unzipMs: number;
  readonly rows: number;
  readonly parquetBytes: number;
  readonly peakRssMiB: number;
  readonly warnings: readonly string[];
  /** `bronze` only: where the time went, and what the Delta table holds afterwards. */
  readonly delta?: {
    readonly landMs: number;
    readonly ingestMs: number;
    readonly appends: number;
    readonly commits: number;
    readonly tableRows: number;
  };
}

/** Runs `etl run` on the zip; peak RSS is read before the table is read back for the row-count check. */
export async function runBronzeContender(
  table: string,
  zip: string,
  outDir: string,
): Promise<ContenderResult> {
  await mkdir(outDir, { recursive: true });
  const run = await runBronze(table, zip, outDir);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  if (run.tables.length !== 1)
    throw new Error(`expected one bronze table for ${table}, got ${run.tables.join(', ')}`);
  const check = await checkBronze(outDir, run.tables[0]!);
  if (check.tableRows !== run.rowsWritten) {
    throw new Error(
      `the pipeline reported ${run.rowsWritten} rows; the bronze table holds ${check.tableRows}`,
    );
  }
  return {
    contender: 'bronze',
    wallMs: run.wallMs,
    unzipMs: 0,
    rows: check.tableRows,
    parquetBytes: check.dataBytes,
    peakRssMiB,
    warnings: run.warnings,
    delta: {
      landMs: run.landMs,
      ingestMs: run.ingestMs,
      appends: run.appends,
      commits: check.commits,
      tableRows: check.tableRows,
    },
  };
}

export async function runStream(
  zip: string,
  outDir: string,
  mode: BatchMode,
): Promise<Omit<ContenderResult, 'peakRssMiB'>> {
  await mkdir(outDir, { recursive: true });
  const started = performance.now();
  const warnings: string[] = [];
  let rows = 0;
  for await (const member of walkZip({ file: zip })) {
    const writer = new ParquetBatchWriter(mode, outDir, member.displayName);
    for await (const event of readCid(await member.open(), member.displayName)) {
      if (event.kind === 'rows') await writer.add(event.section, event.rows, event.source);
      if (event.kind === 'warning') warnings.push(`${event.code}: ${event.message}`);
    }
    await writer.close();
    rows += writer.rowsWritten;
  }
  const wallMs = performance.now() - started;
  return {
    contender: { source: 'stream', 'source-worker': 'stream-worker', values: 'stream-values' }[mode],
    wallMs,
    unzipMs: 0,
    rows,
    parquetBytes: await sizeOf(outDir),
    warnings,
  };
}

export async function runDuckDb(
  zip: string,
  outDir: string,
  section: Section,
): Promise<Omit<ContenderResult, 'peakRssMiB'>> {
  await mkdir(outDir, { recursive: true });
  const started = performance.now();
  const csv = join(outDir, 'member.csv');
  for await (const member of walkZip({ file: zip }))
    await pipeline(await member.open(), createWriteStream(csv));
  const unzipMs = performance.now() - started;
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const names = ['record', 'report', 'subtype', 'version', ...section.columns]
    .map((n) => `'${n}'`)
    .join(', ');
  const out = join(outDir, 'duckdb.parquet');
  // skip=2 passes the C header and the I row; null_padding lets the 3-field footer through, and the
  // `record = 'D'` filter drops it.
  await connection.run(
    `COPY (SELECT * EXCLUDE (record, report, subtype, version) FROM read_csv('${csv}', header = false, all_varchar = true, ` +
      `skip = 2, null_padding = true, names = [${names}]) WHERE record = 'D') TO '${out}' (FORMAT parquet)`,
  );
  const wallMs = performance.now() - started;
  const counted = await connection.runAndReadAll(`SELECT count(*) FROM read_parquet('${out}')`);
  const rows = Number(counted.getRows()[0]![0]);
  connection.closeSync();
  await rm(csv);
  return { contender: 'duckdb', wallMs, unzipMs, rows, parquetBytes: await sizeOf(outDir), warnings: [] };
}

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}
