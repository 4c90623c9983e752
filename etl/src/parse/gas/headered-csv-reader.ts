// Reads AEMO gas reports (DWGM/VicGas INTnnn, STTM INT651–INT691, Gas Bulletin Board): plain CSV with one header
// row, then data, CRLF (aemo-formats §11). The whole file is one section. Some STTM files ship without the header
// row, in the specification's column order: pass `declaredColumns` and a first row that is not the header is
// read as data. Stray NUL bytes occur in VicGas files; they are removed with a warning rather than dropping the
// line (the upstream gas ETL drops such lines silently).
import { hashColumns } from '../cid/cid-reader';
import { RecordSplitter } from '../csv/record-splitter';
import { RowBatch } from '../row-batch';
import { ParseError } from '../errors';
import type { ParseEvent, Section } from '../events';

export interface HeaderedCsvOptions {
  /** Report identity, usually from the catalogue or `identifyGasFile` (`INT029A`, `GASBBACTUALFLOWSTORAGE`). */
  readonly report: string;
  readonly version: number;
  readonly subtype?: string;
  /** The specification's column list, for files that may come without their header row. */
  readonly declaredColumns?: readonly string[];
}

export class HeaderedCsvReader {
  private readonly splitter: RecordSplitter;
  private out: ParseEvent[] = [];
  private section: Section | null = null;
  private readonly batch = new RowBatch();
  private dataRows = 0;
  private nulLines = 0;
  private blankLines = 0;
  private isFirstChunk = true;

  constructor(
    private readonly file: string,
    private readonly options: HeaderedCsvOptions,
  ) {
    this.splitter = new RecordSplitter(file, (fields, line, start, next) =>
      this.onRecord(fields, line, start, next),
    );
  }

  push(text: string): ParseEvent[] {
    if (this.isFirstChunk && text.length > 0) {
      this.isFirstChunk = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.indexOf('\u0000') !== -1) text = this.removeNuls(text);
    this.splitter.push(text);
    return this.drain();
  }

  end(): ParseEvent[] {
    this.splitter.end();
    if (this.section === null) {
      throw new ParseError('EMPTY_FILE', this.file, 'the file holds no header row and no data', { line: 1 });
    }
    this.flushRows();
    if (this.nulLines > 0) {
      this.warn('NUL_BYTES_REMOVED', `NUL bytes removed from ${this.nulLines} chunk(s) of the file`);
    }
    if (this.blankLines > 0) this.warn('BLANK_LINES_SKIPPED', `${this.blankLines} blank line(s) skipped`);
    this.out.push({
      kind: 'end',
      file: this.file,
      lines: this.splitter.linesSeen,
      sections: 1,
      dataRows: this.dataRows,
    });
    return this.drain();
  }

  private removeNuls(text: string): string {
    this.nulLines++;
    return text.replaceAll('\u0000', '');
  }

  private drain(): ParseEvent[] {
    this.flushRows();
    const events = this.out;
    this.out = [];
    return events;
  }

  private onRecord(fields: string[], line: number, start: number, next: number): void {
    if (fields.length === 1 && fields[0] === '') {
      this.flushRows();
      this.blankLines++;
      return;
    }
    if (this.section === null) {
      const declared = this.options.declaredColumns;
      if (declared === undefined || isHeaderOf(fields, declared)) {
        this.openSection(fields, line);
        return;
      }
      if (fields.length !== declared.length) {
        throw new ParseError(
          'HEADER_MISMATCH',
          this.file,
          `the first row has ${fields.length} fields; it is neither the header nor a data row of the ${declared.length} declared columns (${declared.join(', ')})`,
          { line },
        );
      }
      this.openSection([...declared], line);
    }
    const section = this.section!;
    if (fields.length !== section.columns.length) {
      const field =
        fields.length < section.columns.length
          ? `${section.columns[fields.length]} missing`
          : `field ${section.columns.length + 1}, past ${section.columns[section.columns.length - 1]}`;
      throw new ParseError(
        'FIELD_COUNT_MISMATCH',
        this.file,
        `the row has ${fields.length} fields; the header on line ${section.lineNumber} has ${section.columns.length}`,
        { line, field },
      );
    }
    this.batch.add({ lineNumber: line, values: fields }, this.splitter.scanText, start, next);
    this.dataRows++;
  }

  private openSection(columns: string[], line: number): void {
    const seen = new Set<string>();
    columns.forEach((column, i) => {
      const key = column.trim();
      if (key === '' || seen.has(key)) {
        throw new ParseError(
          'DUPLICATE_COLUMN',
          this.file,
          key === '' ? 'a header name is empty' : `header "${key}" appears twice`,
          { line, field: `field ${i + 1}` },
        );
      }
      seen.add(key);
    });
    const trimmed = columns.map((c) => c.trim());
    const { report, version, subtype = '' } = this.options;
    this.section = {
      index: 0,
      lineNumber: line,
      report,
      subtype,
      version,
      columns: trimmed,
      columnsHash: hashColumns(trimmed),
      id: `${report},${subtype},${version}`,
    };
    this.out.push({ kind: 'section', file: this.file, section: this.section });
  }

  private flushRows(): void {
    const event = this.batch.take(this.file, this.section);
    if (event !== undefined) this.out.push(event);
  }

  private warn(code: Extract<ParseEvent, { kind: 'warning' }>['code'], message: string): void {
    this.out.push({ kind: 'warning', file: this.file, code, message });
  }
}

function isHeaderOf(fields: readonly string[], declared: readonly string[]): boolean {
  return (
    fields.length === declared.length &&
    fields.every((field, i) => field.trim().toLowerCase() === declared[i]!.toLowerCase())
  );
}
