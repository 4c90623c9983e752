// The public surface of the Delta engine: etl/src/lake/index.ts is its only door, so any change to what it exports
// shows up here in review (runtime values only; types are checked by tsc).
import * as lake from '../../../etl/src/lake';

it('exports exactly this runtime surface', () => {
  expect(Object.keys(lake).sort()).toMatchInlineSnapshot(`
   [
     "CommitConflictError",
     "ConditionalPutLogStore",
     "CorruptLogError",
     "DEFAULT_DYNAMODB_LOG_TABLE",
     "DEFAULT_ENTRY_TTL_SECONDS",
     "DEFAULT_TARGET_SIZE_BYTES",
     "DeltaTable",
     "DynamoDbLogStore",
     "InvalidPredicateError",
     "InvalidStorageConfigError",
     "InvalidWriteError",
     "LakeError",
     "LocalObjectStore",
     "ObjectNotFoundError",
     "PredicateSyntaxError",
     "RawNumber",
     "RetentionTooShortError",
     "S3ObjectStore",
     "ScanError",
     "SchemaMismatchError",
     "Snapshot",
     "StorageError",
     "TableNotFoundError",
     "UnsupportedFeatureError",
     "VersionNotFoundError",
     "binarySeries",
     "commitPath",
     "createDynamoDbClient",
     "createDynamoDbLogTable",
     "createS3Client",
     "encodeRows",
     "findField",
     "formatDataType",
     "mapSeries",
     "openStorage",
     "openTable",
     "padVersion",
     "parsePredicateText",
     "parseSchemaString",
     "parseTableUri",
     "stringifyEncoded",
     "verifyPutIfAbsent",
   ]
  `);
});
