// Bronze: parsed AEMO sections into one Delta table per (report, subtype, version), every column as text plus
// lineage, exactly once per landed file; the ingest log of completed files; the quarantine of malformed ones.
export { BronzeError } from './errors';
export { fileTransactionId, ingestFile, type IngestContext, type IngestResult } from './ingest-file';
export { IngestLog, type IngestRecord, type IngestStatus } from './ingest-log';
export { LINEAGE_COLUMNS } from './lineage';
export { Quarantine, type QuarantineRecord, type QuarantineStage } from './quarantine';
export { BATCH_CELLS } from './table-batch';
