// Rows bound for one bronze table, gathered until the batch is full. Columns are matched by name: a column that
// appears mid-batch (AEMO added it within the same version) is null in earlier rows, and rows of sections that
// lack a column get null there. Batch boundaries depend only on the input bytes, which is what makes the per-batch
// transaction ids replayable after a crash.
//
// C/I/D rows are turned into columns by polars' native CSV reader over the exact source text the AEMO reader
// validated (its `rows` event carries it), which is several times faster than building columns value by value;
// gas CSVs and any chunk whose native read disagrees in shape use the value-by-value path.
import pl from 'nodejs-polars';
import type { Row, Section } from '../parse';
import { lineageSeries, type RowLineage } from './lineage';

/** A batch is flushed once it holds this many cells (rows × columns): bounded memory whatever the file size. */
export const BATCH_CELLS = 2_000_000;

/** Leading fields of a C/I/D data row before the values: `D,<report>,<subtype>,<version>`. */
const CID_PREFIX_FIELDS = 4;

interface Chunk {
  readonly columns: readonly string[];
  readonly columnsKey: string;
  /** Exact source text of C/I/D rows (prefix included), while every added piece had it. */
  sources: string[] | undefined;
  readonly rows: Row[];
}

export class TableBatch {
  private readonly chunks: Chunk[] = [];
  private readonly columnNames = new Set<string>();
  private readonly members: string[] = [];
  private readonly rowNumbers: number[] = [];
  private readonly createdAt: (Date | null)[] = [];

  constructor(readonly table: string) {}

  get rowCount(): number {
    return this.rowNumbers.length;
  }

  get isFull(): boolean {
    return this.rowNumbers.length * Math.max(1, this.columnNames.size) >= BATCH_CELLS;
  }

  /** Adds rows of one section; `source` is the rows' exact C/I/D text, omitted for headered CSVs. */
  add(
    section: Section,
    rows: readonly Row[],
    member: string,
    fileCreatedAt: Date | null,
    source?: string,
  ): void {
    if (rows.length === 0) return;
    for (const name of section.columns) this.columnNames.add(name);
    // Consecutive pieces with the same columns form one chunk: one native read per chunk, not per parser event.
    const columnsKey = section.columns.join('\u0000');
    let chunk = this.chunks[this.chunks.length - 1];
    if (!chunk || chunk.columnsKey !== columnsKey) {
      chunk = { columns: section.columns, columnsKey, sources: [], rows: [] };
      this.chunks.push(chunk);
    }
    if (source === undefined) chunk.sources = undefined;
    else if (chunk.sources) chunk.sources.push(source.endsWith('\n') ? source : `${source}\n`);
    for (const row of rows) {
      chunk.rows.push(row);
      this.members.push(member);
      this.rowNumbers.push(row.lineNumber);
      this.createdAt.push(fileCreatedAt);
    }
  }

  toFrame(lineage: RowLineage): pl.DataFrame {
    const frames = this.chunks.map(chunkFrame);
    const data = frames.length === 1 ? frames[0]! : pl.concat(frames, { how: 'diagonal' });
    return data.hstack(pl.DataFrame(lineageSeries(lineage, this.members, this.rowNumbers, this.createdAt)));
  }
}

function chunkFrame(chunk: Chunk): pl.DataFrame {
  if (chunk.sources !== undefined) {
    const native = nativeFrame(chunk.columns, chunk.sources.join(''), chunk.rows.length);
    if (native) return native;
  }
  return valueFrame(chunk.columns, chunk.rows);
}

/**
 * AEMO's null is an empty field, quoted or not. Polars reads an unquoted empty field as null already; a quoted one
 * (`""`, rare) is an empty string, so only text containing `""` pays for the null mapping.
 */
function nativeFrame(columns: readonly string[], source: string, height: number): pl.DataFrame | undefined {
  let raw: pl.DataFrame;
  try {
    raw = pl.readCSV(Buffer.from(source, 'utf8'), { hasHeader: false, inferSchemaLength: 0, quoteChar: '"' });
  } catch {
    return undefined;
  }
  if (raw.height !== height || raw.width !== columns.length + CID_PREFIX_FIELDS) return undefined;
  const names = raw.columns;
  const renamed = raw
    .drop(names.slice(0, CID_PREFIX_FIELDS))
    .rename(Object.fromEntries(columns.map((name, i) => [names[i + CID_PREFIX_FIELDS]!, name])));
  if (!source.includes('""')) return renamed;
  return renamed.withColumns(
    ...columns.map((name) =>
      pl
        .when(pl.col(name).eq(pl.lit('')))
        .then(pl.lit(null))
        .otherwise(pl.col(name))
        .alias(name),
    ),
  );
}

function valueFrame(columns: readonly string[], rows: readonly Row[]): pl.DataFrame {
  return pl.DataFrame(
    columns.map((name, i) =>
      pl.Series(
        name,
        rows.map((row) => {
          const value = row.values[i]!;
          return value === '' ? null : value;
        }),
        pl.Utf8,
      ),
    ),
  );
}
