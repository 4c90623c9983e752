// The AEMO readers: streaming, pure, unaware of the lake. Bytes (a Readable or any AsyncIterable of chunks) go in;
// typed events come out (see events.ts). Invariants: memory holds one input chunk and its rows at a time; every
// D row is checked against its I row's prefix and field count; malformed input raises a ParseError naming the
// file, line and field; footer-count mismatches and other tolerable defects are `warning` events, not errors.
export { CorruptZipError, ParseError, type ParseErrorCode, type ParseErrorLocation } from './errors';
export {
  rowToRecord,
  type FileHeader,
  type ParseEvent,
  type Row,
  type Section,
  type WarningCode,
} from './events';
export { readCid, readHeaderedCsv, readReport, type ByteSource, type ReadReportOptions } from './readers';
export { CidReader, hashColumns } from './cid/cid-reader';
export { HeaderedCsvReader, type HeaderedCsvOptions } from './gas/headered-csv-reader';
export { identifyGasFile, type GasFileIdentity } from './gas/gas-file-name';
export { RecordSplitter, type RecordSink } from './csv/record-splitter';
export { walkZip, type WalkZipOptions, type ZipMember, type ZipSource } from './zip/zip-members';
export { listReportFiles, type ReportFile } from './report-files';
export { MarketTimeError, parseMarketTime } from './market-time';
