// Our contender's bronze step: parsed, validated batches → Parquet, at most `batchRows` rows per file, every
// AEMO column as text ('' as null) plus lineage (`_source_file`, `_source_line`), so memory stays flat whatever
// the file size. Two ways to build the columns, both measured:
// - `source`: hand each batch's validated source text to polars' native CSV reader (fast: no per-value crossing
//   from JS into polars);
// - `values`: build polars Series from the parsed `row.values` strings (one N-API crossing per value).
// Stands in for the bronze writer until the lake's DeltaTable.write exists.
import { join } from 'node:path';
import pl from 'nodejs-polars';
import type { Row, Section } from '../../etl/src/parse';

export type BatchMode = 'source' | 'values';

const PREFIX_COLUMNS = 4; // D, report, subtype, version

export class ParquetBatchWriter {
  private section: Section | null = null;
  private sources: string[] = [];
  private columns: Array<Array<string | null>> = [];
  private lines: number[] = [];
  private part = 0;
  rowsWritten = 0;

  constructor(
    private readonly mode: BatchMode,
    private readonly outDir: string,
    private readonly sourceFile: string,
    private readonly batchRows = 100_000,
  ) {}

  add(section: Section, rows: readonly Row[], source: string): void {
    if (section !== this.section) {
      this.flush();
      this.section = section;
      this.columns = section.columns.map(() => []);
    }
    if (this.mode === 'source') {
      this.sources.push(source);
      for (const row of rows) this.lines.push(row.lineNumber);
    } else {
      this.addValues(rows);
    }
    if (this.lines.length >= this.batchRows) this.flush();
  }

  flush(): void {
    const section = this.section;
    if (section === null || this.lines.length === 0) return;
    const frame = this.mode === 'source' ? this.frameFromSource(section) : this.frameFromValues(section);
    const withLineage = frame
      .withColumn(pl.Series('_source_line', Int32Array.from(this.lines), pl.Int32))
      .withColumn(pl.lit(this.sourceFile).alias('_source_file'));
    const name = `${section.report}_${section.subtype}_v${section.version}-part-${String(this.part++).padStart(5, '0')}.parquet`;
    withLineage.writeParquet(join(this.outDir, name), { compression: 'snappy' });
    this.rowsWritten += this.lines.length;
    this.sources = [];
    this.columns = section.columns.map(() => []);
    this.lines = [];
  }

  private frameFromSource(section: Section): pl.DataFrame {
    let text = this.sources.join('');
    if (!text.endsWith('\n')) text += '\r\n';
    const raw = pl.readCSV(Buffer.from(text, 'utf8'), {
      hasHeader: false,
      inferSchemaLength: 0,
      quoteChar: '"',
    });
    if (raw.height !== this.lines.length || raw.width !== section.columns.length + PREFIX_COLUMNS) {
      throw new Error(
        `${this.sourceFile}: polars read ${raw.height}×${raw.width}, the parser validated ${this.lines.length} rows`,
      );
    }
    const names = raw.columns.slice(PREFIX_COLUMNS);
    return raw.select(...names).rename(Object.fromEntries(names.map((n, i) => [n, section.columns[i]!])));
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
