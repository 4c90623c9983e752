// The rows a reader has gathered for its open section since the last `rows` event, with the exact source text
// they span. Both readers batch the same way, so the text span stays contiguous: a batch never outlives the
// splitter scan it started in (readers flush before the next chunk is scanned).
import type { ParseEvent, Row, Section } from './events';

export class RowBatch {
  private rows: Row[] = [];
  private text = '';
  private start = 0;
  private end = 0;

  /** Adds a row whose record is `scanText[start, next)`. */
  add(row: Row, scanText: string, start: number, next: number): void {
    if (this.rows.length === 0) {
      this.text = scanText;
      this.start = start;
    }
    this.end = next;
    this.rows.push(row);
  }

  /** The gathered rows as one `rows` event (then empties the batch), or undefined when there are none. */
  take(file: string, section: Section | null): ParseEvent | undefined {
    if (this.rows.length === 0 || section === null) return undefined;
    const event: ParseEvent = {
      kind: 'rows',
      file,
      section,
      rows: this.rows,
      source: this.text.slice(this.start, this.end),
    };
    this.rows = [];
    this.text = '';
    return event;
  }
}
