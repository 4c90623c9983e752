// The Delta engine's only door: the pipeline and the CLI import from here, never from deep paths.
export * from './errors';
export * from './storage';
// Reading (lake-read): tables, snapshots, scans, predicates, protocol model.
export { DeltaTable, openTable, type HistoryEntry, type TableOptions, type TimeTravel } from './table';
export { Snapshot, type SnapshotOptions } from './log/snapshot';
export { TableNotFoundError, VersionNotFoundError } from './log/errors';
export { InvalidPredicateError, type ComparisonOp, type Predicate, type Scalar } from './read/predicate';
export { ScanError, type ScanOptions } from './read/scan';
export { PredicateSyntaxError, parsePredicateText } from './read/predicate-text';
export { RawNumber, encodeRows, stringifyEncoded, type EncodedValue } from './read/row-encoding';
export type {
  Action,
  AddFile,
  CommitInfo,
  DeletionVectorDescriptor,
  DomainMetadata,
  Metadata,
  Protocol,
  RemoveFile,
  Txn,
} from './protocol/actions';
export {
  findField,
  formatDataType,
  parseSchemaString,
  type DataType,
  type StructField,
  type StructType,
} from './protocol/schema';
// Writing and maintenance (lake-write): options and results of the DeltaTable writer verbs.
export type { CommitResult } from './operations/context';
export type { CreateTableOptions } from './operations/create';
export type { MergeOptions } from './operations/merge';
export { DEFAULT_TARGET_SIZE_BYTES, type OptimizeOptions } from './operations/optimize';
export type { SchemaMode } from './operations/schema-evolution';
export type { VacuumOptions } from './operations/vacuum';
export type { WriteOptions } from './operations/write';
export type { ParquetCompression } from './write/data-file';
export { binarySeries, mapSeries, type MapEntries, type MapScalar } from './write/column-builders';
export { InvalidWriteError, RetentionTooShortError, SchemaMismatchError } from './write/errors';
