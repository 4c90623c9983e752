// Errors of the AEMO readers (CSV records, C/I/D reports, gas CSVs, zips). Each carries a stable `code`, the file
// (a zip member reads `outer.zip!inner.zip!FILE.CSV`), and where known the line and field, so quarantine records
// say exactly what was wrong and where.

export type ParseErrorCode =
  | 'EMPTY_FILE'
  | 'MISSING_HEADER'
  | 'DATA_BEFORE_SECTION'
  | 'SECTION_PREFIX_MISMATCH'
  | 'FIELD_COUNT_MISMATCH'
  | 'BAD_SECTION_ROW'
  | 'DUPLICATE_COLUMN'
  | 'UNKNOWN_RECORD_TYPE'
  | 'DATA_AFTER_FOOTER'
  | 'UNTERMINATED_QUOTE'
  | 'STRAY_QUOTE'
  | 'HEADER_MISMATCH'
  | 'NOT_A_ZIP'
  | 'TRUNCATED_ZIP'
  | 'CORRUPT_ZIP'
  | 'NESTED_ZIP_TOO_LARGE';

export interface ParseErrorLocation {
  /** 1-based physical line where the offending record starts. */
  readonly line?: number;
  /** Column name, or `field <n>` (1-based) when the field has no name. */
  readonly field?: string;
}

/** Malformed input. `expected` tells the CLI's handler to print the message alone (it is not a bug). */
export class ParseError extends Error {
  readonly expected = true;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(
    readonly code: ParseErrorCode,
    readonly file: string,
    readonly detail: string,
    location: ParseErrorLocation = {},
    options?: { cause?: unknown },
  ) {
    super(`${formatPlace(file, location)}: ${detail}`, options);
    this.name = new.target.name;
    this.line = location.line;
    this.field = location.field;
  }
}

/** A zip that cannot be read: not a zip at all, cut short, or failing its own checks (CRC, sizes). */
export class CorruptZipError extends ParseError {}

function formatPlace(file: string, { line, field }: ParseErrorLocation): string {
  let place = file;
  if (line !== undefined) place += `:${line}`;
  if (field !== undefined) place += ` (${field})`;
  return place;
}
