// Rows bound for one bronze table, gathered column by column until the batch is full. Columns are matched by name:
// a column that appears mid-batch (AEMO added it within the same version) is back-filled with nulls, and rows of
// sections that lack a column get null there. Batch boundaries depend only on the input bytes, which is what makes
// the per-batch transaction ids replayable after a crash.
import pl from 'nodejs-polars';
import type { Row, Section } from '../parse';
import { lineageSeries, type RowLineage } from './lineage';

/** A batch is flushed once it holds this many cells (rows × columns): bounded memory whatever the file size. */
export const BATCH_CELLS = 2_000_000;

export class TableBatch {
  private readonly columns = new Map<string, (string | null)[]>();
  private readonly members: string[] = [];
  private readonly rowNumbers: number[] = [];
  private readonly createdAt: (Date | null)[] = [];

  constructor(readonly table: string) {}

  get rowCount(): number {
    return this.rowNumbers.length;
  }

  get isFull(): boolean {
    return this.rowNumbers.length * Math.max(1, this.columns.size) >= BATCH_CELLS;
  }

  add(section: Section, rows: readonly Row[], member: string, fileCreatedAt: Date | null): void {
    const before = this.rowNumbers.length;
    const targets = section.columns.map((name) => {
      let values = this.columns.get(name);
      if (!values) {
        values = new Array<string | null>(before).fill(null);
        this.columns.set(name, values);
      }
      return values;
    });
    for (const row of rows) {
      for (let i = 0; i < targets.length; i++) {
        const value = row.values[i]!;
        targets[i]!.push(value === '' ? null : value);
      }
      this.members.push(member);
      this.rowNumbers.push(row.lineNumber);
      this.createdAt.push(fileCreatedAt);
    }
    const after = this.rowNumbers.length;
    for (const values of this.columns.values()) while (values.length < after) values.push(null);
  }

  toFrame(lineage: RowLineage): pl.DataFrame {
    const data = [...this.columns].map(([name, values]) => pl.Series(name, values, pl.Utf8));
    return pl.DataFrame([...data, ...lineageSeries(lineage, this.members, this.rowNumbers, this.createdAt)]);
  }
}
