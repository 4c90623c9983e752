// Errors of the report catalogue: an invalid entry, or a selection naming no known report.

export class CatalogError extends Error {
  readonly expected = true;
  constructor(
    readonly code: 'CATALOG_INVALID' | 'UNKNOWN_REPORT',
    message: string,
  ) {
    super(message);
    this.name = 'CatalogError';
  }
}
