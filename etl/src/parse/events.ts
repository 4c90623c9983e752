// The typed events every AEMO reader emits (C/I/D reports and headered gas CSVs alike), so the bronze writer and
// the CLI consume one shape. Rows come in batches (`rows`), one batch per input chunk and section: an event per
// row would cost more in async iteration than the parse itself.

/** The first `C` row of a C/I/D file (AEMO CSV Data Format Standard, header record). */
export interface FileHeader {
  readonly lineNumber: number;
  /** `NEMP.WORLD` (current reports) or `SETP.WORLD` (MMSDM). */
  readonly system: string;
  /** `DISPATCHSCADA`, `DAILY`, `DVD_DISPATCHPRICE`, … */
  readonly reportName: string;
  /** Sender, `AEMO`. */
  readonly source: string;
  /** Recipient participant, `PUBLIC` for public reports. */
  readonly participant: string;
  /** Creation date and time as written (market time, AEST). */
  readonly createdAtText: string;
  /** The creation instant (UTC), or null when the header's date/time fields are not a market time. */
  readonly createdAt: Date | null;
  readonly reportId: string;
  /** Fields 9 and 10: a file name or `MONTHLY_ARCHIVE` marker, and a second id. Often empty. */
  readonly extra: readonly string[];
}

/** One table section, opened by an `I` row (or the header row of a gas CSV). */
export interface Section {
  /** 0-based position of the section in its file. */
  readonly index: number;
  readonly lineNumber: number;
  readonly report: string;
  /** Report subtype; '' when AEMO leaves it empty (`I,DREGION,,2`). */
  readonly subtype: string;
  readonly version: number;
  /** Column names in file order; map values by these names, never by position across files. */
  readonly columns: readonly string[];
  /** Short hash of the column list: the same (report, subtype, version) gains columns between months. */
  readonly columnsHash: string;
  /** `REPORT,SUBTYPE,VERSION` as in the `I` row. */
  readonly id: string;
}

/** A data row: values aligned with `section.columns`; '' is AEMO's null (an empty field). */
export interface Row {
  readonly lineNumber: number;
  readonly values: string[];
}

export type WarningCode =
  | 'FOOTER_COUNT_MISMATCH'
  | 'MISSING_FOOTER'
  | 'PANDAS_SUBTYPE_PLACEHOLDER'
  | 'UNREADABLE_CREATION_TIME'
  | 'NUL_BYTES_REMOVED'
  | 'BLANK_LINES_SKIPPED';

export type ParseEvent =
  | { readonly kind: 'file-header'; readonly file: string; readonly header: FileHeader }
  | { readonly kind: 'section'; readonly file: string; readonly section: Section }
  | {
      readonly kind: 'rows';
      readonly file: string;
      readonly section: Section;
      readonly rows: readonly Row[];
      /**
       * The exact source text of these rows, as validated (C/I/D: the `D,report,subtype,version,` prefix
       * included; line breaks as in the file; the last may lack one). For writers that hand whole batches to a
       * native CSV reader instead of building columns from `rows` value by value.
       */
      readonly source: string;
    }
  | {
      readonly kind: 'footer';
      readonly file: string;
      readonly lineNumber: number;
      /** The count AEMO wrote in `C,"END OF REPORT",<n>`: every line of the file, both `C` rows included. */
      readonly declaredRows: number | null;
      readonly countedRows: number;
      readonly isMismatch: boolean;
    }
  | {
      readonly kind: 'comment';
      readonly file: string;
      readonly lineNumber: number;
      readonly fields: readonly string[];
    }
  | {
      readonly kind: 'warning';
      readonly file: string;
      readonly code: WarningCode;
      readonly message: string;
      readonly lineNumber?: number;
    }
  | {
      readonly kind: 'end';
      readonly file: string;
      /** Physical lines read. */
      readonly lines: number;
      readonly sections: number;
      readonly dataRows: number;
    };

/** Maps a row to `{ column: value }`, with AEMO's empty field as null. */
export function rowToRecord(section: Section, row: Row): Record<string, string | null> {
  const record: Record<string, string | null> = {};
  const { columns } = section;
  for (let i = 0; i < columns.length; i++) {
    const value = row.values[i]!;
    record[columns[i]!] = value === '' ? null : value;
  }
  return record;
}
