// Reads AEMO's C/I/D report format (AEMO CSV Data Format Standard): a `C` header row, sections each opened by an
// `I` row naming (report, subtype, version, columns), `D` rows in the column order of the latest `I` row, and a
// `C,"END OF REPORT",<lines>` footer. Synchronous and pure: text chunks in, events out; readers.ts drives it from
// byte streams.
import { createHash } from 'node:crypto';
import { RecordSplitter } from '../csv/record-splitter';
import { RowBatch } from '../row-batch';
import { ParseError } from '../errors';
import type { FileHeader, ParseEvent, Section } from '../events';
import { parseMarketTime } from '../market-time';

const PREFIX = 4; // record type, report, subtype, version
const FOOTER_MARK = 'END OF REPORT';
/** pandas re-writes an empty header cell as `Unnamed: <n>` (seen in NEMOSIS-derived files, see aemo-formats §5). */
const PANDAS_PLACEHOLDER = /^Unnamed: \d+$/;

export class CidReader {
  private readonly splitter: RecordSplitter;
  private out: ParseEvent[] = [];
  private header: FileHeader | null = null;
  private section: Section | null = null;
  private readonly batch = new RowBatch();
  private records = 0;
  private dataRows = 0;
  private sectionCount = 0;
  private blankLines = 0;
  private footerLine: number | null = null;
  /** The open section's version as written, compared with every D row. */
  private versionText = '';

  constructor(private readonly file: string) {
    this.splitter = new RecordSplitter(file, (fields, line, start, next) =>
      this.onRecord(fields, line, start, next),
    );
  }

  push(text: string): ParseEvent[] {
    this.splitter.push(text);
    return this.drain();
  }

  end(): ParseEvent[] {
    this.splitter.end();
    const { file } = this;
    if (this.header === null) {
      throw new ParseError('EMPTY_FILE', file, 'the file holds no records; expected a C/I/D report', {
        line: 1,
      });
    }
    this.flushRows();
    if (this.blankLines > 0) {
      this.warn('BLANK_LINES_SKIPPED', `${this.blankLines} blank line(s) skipped`);
    }
    if (this.footerLine === null) {
      this.warn(
        'MISSING_FOOTER',
        'no C,"END OF REPORT" footer: the file may be cut short; rows read so far are kept',
        this.splitter.linesSeen,
      );
    }
    this.out.push({
      kind: 'end',
      file,
      lines: this.splitter.linesSeen,
      sections: this.sectionCount,
      dataRows: this.dataRows,
    });
    return this.drain();
  }

  private drain(): ParseEvent[] {
    this.flushRows();
    const events = this.out;
    this.out = [];
    return events;
  }

  private onRecord(fields: string[], line: number, start: number, next: number): void {
    const type = fields[0]!;
    if (fields.length === 1 && type === '') {
      this.flushRows(); // keeps each batch's source text free of blank lines
      this.blankLines++;
      return;
    }
    this.records++;
    if (this.footerLine !== null) {
      throw new ParseError(
        'DATA_AFTER_FOOTER',
        this.file,
        `a "${type}" record follows the END OF REPORT footer on line ${this.footerLine}`,
        { line },
      );
    }
    if (type === 'D') return this.onData(fields, line, start, next);
    if (this.header === null) return this.onHeader(fields, line);
    if (type === 'I') return this.onSection(fields, line);
    if (type === 'C') return this.onComment(fields, line);
    throw new ParseError('UNKNOWN_RECORD_TYPE', this.file, `record type "${type}" is not C, I or D`, {
      line,
      field: 'field 1',
    });
  }

  private onHeader(fields: string[], line: number): void {
    if (fields[0] !== 'C') {
      throw new ParseError(
        'MISSING_HEADER',
        this.file,
        `the first record is "${truncate(fields[0]!)}", expected the C header row of an AEMO C/I/D report`,
        { line, field: 'field 1' },
      );
    }
    const at = (i: number): string => fields[i] ?? '';
    const createdAtText = `${at(5)} ${at(6)}`.trim();
    let createdAt: Date | null = null;
    try {
      createdAt = parseMarketTime(createdAtText);
    } catch {
      this.warn(
        'UNREADABLE_CREATION_TIME',
        `header creation time "${createdAtText}" is not a market time`,
        line,
      );
    }
    this.header = {
      lineNumber: line,
      system: at(1),
      reportName: at(2),
      source: at(3),
      participant: at(4),
      createdAtText,
      createdAt,
      reportId: at(7),
      extra: fields.slice(8),
    };
    this.out.push({ kind: 'file-header', file: this.file, header: this.header });
  }

  private onSection(fields: string[], line: number): void {
    this.flushRows();
    if (fields.length <= PREFIX) {
      throw new ParseError(
        'BAD_SECTION_ROW',
        this.file,
        `the I row has ${fields.length} fields; expected I,<report>,<subtype>,<version> and at least one column`,
        { line },
      );
    }
    const report = fields[1]!;
    let subtype = fields[2]!;
    const versionText = fields[3]!;
    if (report === '')
      throw new ParseError('BAD_SECTION_ROW', this.file, 'the report name is empty', {
        line,
        field: 'report',
      });
    if (!/^\d+$/.test(versionText)) {
      throw new ParseError('BAD_SECTION_ROW', this.file, `version "${versionText}" is not a whole number`, {
        line,
        field: 'version',
      });
    }
    if (PANDAS_PLACEHOLDER.test(subtype)) {
      this.warn(
        'PANDAS_SUBTYPE_PLACEHOLDER',
        `subtype "${subtype}" is a pandas placeholder for an empty subtype; read as empty`,
        line,
      );
      subtype = '';
    }
    const columns = fields.slice(PREFIX);
    const seen = new Set<string>();
    columns.forEach((column, i) => {
      if (column === '' || seen.has(column)) {
        throw new ParseError(
          'DUPLICATE_COLUMN',
          this.file,
          column === '' ? 'a column name is empty' : `column "${column}" appears twice in the I row`,
          { line, field: `field ${i + PREFIX + 1}` },
        );
      }
      seen.add(column);
    });
    const version = Number(versionText);
    this.versionText = versionText;
    this.section = {
      index: this.sectionCount++,
      lineNumber: line,
      report,
      subtype,
      version,
      columns,
      columnsHash: hashColumns(columns),
      id: `${report},${subtype},${version}`,
    };
    this.out.push({ kind: 'section', file: this.file, section: this.section });
  }

  private onData(fields: string[], line: number, start: number, next: number): void {
    const section = this.section;
    if (section === null) {
      if (this.header === null) {
        throw new ParseError('MISSING_HEADER', this.file, 'a D row comes before the C header row', { line });
      }
      throw new ParseError(
        'DATA_BEFORE_SECTION',
        this.file,
        'a D row comes before any I row names its columns',
        {
          line,
        },
      );
    }
    if (
      fields[1] !== section.report ||
      fields[2] !== section.subtype ||
      fields[3] !== String(section.version)
    ) {
      const names = ['report', 'subtype', 'version'] as const;
      const wrong = names.findIndex(
        (_, i) => fields[i + 1] !== [section.report, section.subtype, String(section.version)][i],
      );
      throw new ParseError(
        'SECTION_PREFIX_MISMATCH',
        this.file,
        `the D row is for ${fields.slice(1, PREFIX).join(',')} but the open section (I row on line ${section.lineNumber}) is ${section.id}`,
        { line, field: names[wrong] ?? 'report' },
      );
    }
    const expected = section.columns.length + PREFIX;
    if (fields.length !== expected) {
      const field =
        fields.length < expected
          ? `${section.columns[fields.length - PREFIX]} missing`
          : `field ${expected + 1}, past ${section.columns[section.columns.length - 1]}`;
      throw new ParseError(
        'FIELD_COUNT_MISMATCH',
        this.file,
        `the D row has ${fields.length} fields; the I row on line ${section.lineNumber} (${section.id}) declares ${expected}`,
        { line, field },
      );
    }
    this.batch.add({ lineNumber: line, values: fields.slice(PREFIX) }, this.splitter.scanText, start, next);
    this.dataRows++;
  }

  private onComment(fields: string[], line: number): void {
    if (fields[1] !== FOOTER_MARK) {
      this.flushRows();
      this.out.push({ kind: 'comment', file: this.file, lineNumber: line, fields });
      return;
    }
    this.flushRows();
    this.footerLine = line;
    const declaredText = fields[2] ?? '';
    const declaredRows = /^\d+$/.test(declaredText) ? Number(declaredText) : null;
    const countedRows = this.records;
    const isMismatch = declaredRows !== countedRows;
    this.out.push({
      kind: 'footer',
      file: this.file,
      lineNumber: line,
      declaredRows,
      countedRows,
      isMismatch,
    });
    if (isMismatch) {
      this.warn(
        'FOOTER_COUNT_MISMATCH',
        `the footer declares ${declaredText === '' ? 'no count' : declaredText} lines but the file has ${countedRows}; rows are kept, check the source for truncation`,
        line,
      );
    }
  }

  private flushRows(): void {
    const event = this.batch.take(this.file, this.section);
    if (event !== undefined) this.out.push(event);
  }

  private warn(
    code: Extract<ParseEvent, { kind: 'warning' }>['code'],
    message: string,
    lineNumber?: number,
  ): void {
    this.out.push({
      kind: 'warning',
      file: this.file,
      code,
      message,
      ...(lineNumber === undefined ? {} : { lineNumber }),
    });
  }
}

export function hashColumns(columns: readonly string[]): string {
  return createHash('sha256').update(columns.join('\u0000')).digest('hex').slice(0, 16);
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
