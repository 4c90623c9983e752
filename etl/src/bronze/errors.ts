// Errors of the bronze stage that are about the data (and so lead to quarantine, not to a failed run).

export class BronzeError extends Error {
  readonly expected = true;
  constructor(
    readonly code: 'LINEAGE_COLUMN_CLASH' | 'NO_SECTIONS' | 'NOT_CID',
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${message}`);
    this.name = 'BronzeError';
  }
}
