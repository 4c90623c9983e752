// A plain-Parquet stand-in for bronze: parsed, validated batches → Parquet, at most `batchRows` rows per file, every
// AEMO column as text ('' as null) plus lineage (`_source_file`, `_source_line`), so memory stays flat whatever
// the file size. Two ways to build the columns, both measured:
// - `source`: hand each batch's validated source text to polars' native CSV reader (fast: no per-value crossing
//   from JS into polars);
// - `values`: build polars Series from the parsed `row.values` strings (one N-API crossing per value);
// - `source-worker`: as `source`, with the polars half in a worker thread so it overlaps the next batch's parse.
// The `stream*` contenders only (parse → Parquet without Delta); the real bronze writer is etl/src/bronze.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import pl from 'nodejs-polars';
import type { Row, Section } from '../../etl/src/parse';

export type BatchMode = 'source' | 'values' | 'source-worker';

/** One batch for the native path, plain data so it can cross to a worker thread. */
export interface SourceBatch {
  readonly text: string;
  readonly lines: Int32Array;
  readonly columns: readonly string[];
  readonly sourceFile: string;
  readonly path: string;
}

/** Reads a batch's source text with polars' CSV reader and writes it as Parquet, with lineage. */
export function writeBatchFromSource({ text, lines, columns, sourceFile, path }: SourceBatch): void {
  const raw = pl.readCSV(Buffer.from(text.endsWith('\n') ? text : `${text}\r\n`, 'utf8'), {
    hasHeader: false,
    inferSchemaLength: 0,
    quoteChar: '"',
  });
  if (raw.height !== lines.length || raw.width !== columns.length + PREFIX_COLUMNS) {
    throw new Error(
      `${sourceFile}: polars read ${raw.height}×${raw.width}, the parser validated ${lines.length} rows`,
    );
  }
  const names = raw.columns.slice(PREFIX_COLUMNS);
  raw
    .select(...names)
    .rename(Object.fromEntries(names.map((n, i) => [n, columns[i]!])))
    .withColumn(pl.Series('_source_line', lines, pl.Int32))
    .withColumn(pl.lit(sourceFile).alias('_source_file'))
    .writeParquet(path, { compression: 'snappy' });
}

const PREFIX_COLUMNS = 4; // D, report, subtype, version

export class ParquetBatchWriter {
  private section: Section | null = null;
  private sources: string[] = [];
  private columns: Array<Array<string | null>> = [];
  private lines: number[] = [];
  private part = 0;
  private readonly worker: Worker | null;
  private pending: Promise<void> = Promise.resolve();
  rowsWritten = 0;

  constructor(
    private readonly mode: BatchMode,
    private readonly outDir: string,
    private readonly sourceFile: string,
    private readonly batchRows = 100_000,
  ) {
    this.worker = mode === 'source-worker' ? new Worker(join(__dirname, 'polars-worker.ts')) : null;
  }

  async add(section: Section, rows: readonly Row[], source: string): Promise<void> {
    if (section !== this.section) {
      await this.flush();
      this.section = section;
      this.columns = section.columns.map(() => []);
    }
    if (this.mode === 'values') {
      this.addValues(rows);
    } else {
      this.sources.push(source);
      for (const row of rows) this.lines.push(row.lineNumber);
    }
    if (this.lines.length >= this.batchRows) await this.flush();
  }

  /** Writes the open batch; with a worker, waits only for the previous batch, so parsing overlaps writing. */
  async flush(): Promise<void> {
    const section = this.section;
    if (section === null || this.lines.length === 0) return;
    const name = `${section.report}_${section.subtype}_v${section.version}-part-${String(this.part++).padStart(5, '0')}.parquet`;
    const path = join(this.outDir, name);
    const lines = Int32Array.from(this.lines);
    if (this.mode === 'values') {
      this.frameFromValues(section)
        .withColumn(pl.Series('_source_line', lines, pl.Int32))
        .withColumn(pl.lit(this.sourceFile).alias('_source_file'))
        .writeParquet(path, { compression: 'snappy' });
    } else {
      const batch: SourceBatch = {
        text: this.sources.join(''),
        lines,
        columns: section.columns,
        sourceFile: this.sourceFile,
        path,
      };
      if (this.worker === null) writeBatchFromSource(batch);
      else {
        await this.pending;
        this.pending = this.postToWorker(this.worker, batch);
      }
    }
    this.rowsWritten += lines.length;
    this.sources = [];
    this.columns = section.columns.map(() => []);
    this.lines = [];
  }

  /** Flushes the last batch and waits for the worker to finish it. */
  async close(): Promise<void> {
    await this.flush();
    await this.pending;
    await this.worker?.terminate();
  }

  private postToWorker(worker: Worker, batch: SourceBatch): Promise<void> {
    return new Promise((resolve, reject) => {
      worker.once('message', (reply: { ok: boolean; message?: string }) =>
        reply.ok ? resolve() : reject(new Error(reply.message)),
      );
      worker.postMessage(batch);
    });
  }

  private addValues(rows: readonly Row[]): void {
    const { columns } = this;
    const width = columns.length;
    for (const row of rows) {
      const values = row.values;
      for (let c = 0; c < width; c++) {
        const value = values[c]!;
        columns[c]!.push(value === '' ? null : value);
      }
      this.lines.push(row.lineNumber);
    }
  }

  private frameFromValues(section: Section): pl.DataFrame {
    return pl.DataFrame(section.columns.map((name, c) => pl.Series(name, this.columns[c]!, pl.Utf8)));
  }
}
