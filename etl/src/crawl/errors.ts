// Errors of the crawler. `retryable` tells the fetch loop whether another attempt can help.

export type CrawlErrorCode =
  | 'HTTP_STATUS'
  | 'HTML_PAGE'
  | 'TRUNCATED_ZIP'
  | 'SIZE_MISMATCH'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'NOT_FOUND'
  | 'LISTING_INVALID';

export class CrawlError extends Error {
  readonly expected = true;
  constructor(
    readonly code: CrawlErrorCode,
    readonly url: string,
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown; status?: number },
  ) {
    super(`${url}: ${message}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CrawlError';
    this.status = options?.status;
  }
  readonly status: number | undefined;
  /** The rejected body (HTML page, truncated zip), kept as evidence for the quarantine. */
  body: Uint8Array | undefined;
}

/** Codes for bodies that arrived but must not land: they go to quarantine with their bytes. */
export const REJECTED_BODY_CODES: ReadonlySet<CrawlErrorCode> = new Set([
  'HTML_PAGE',
  'TRUNCATED_ZIP',
  'SIZE_MISMATCH',
]);
