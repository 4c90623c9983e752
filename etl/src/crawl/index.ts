// The crawler: NEMWeb listings (or a mirror folder), the fetch plan per report and window, the HTTP fetcher with
// timeouts, retries and body validation, and the ledger of what was seen.
export { CrawlError, REJECTED_BODY_CODES, type CrawlErrorCode } from './errors';
export { DEFAULT_HTTP_OPTIONS, USER_AGENT, httpGet, type HttpOptions } from './http';
export { CrawlLedger } from './ledger';
export { parseIisListing, renderIisListing, type ListingEntry } from './listing';
export {
  inWindow,
  planReport,
  type Candidate,
  type Lister,
  type ReportPlan,
  type Tier,
  type TimeWindow,
} from './plan';
export { DirSource, HttpSource, openSource, type Listing, type Source, type SourceFile } from './source';
export { checkZipComplete, validateBody } from './validate';
