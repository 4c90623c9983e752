// Translates the lake location into the Delta engine's storage options: S3 settings and, when a lock table is
// configured, DynamoDB-coordinated commits (Delta's S3DynamoDBLogStore protocol); local tables need nothing.
import type { StorageOptions } from '../lake';
import type { LakeLocation } from './lake-location';

export function storageOptionsFor(location: LakeLocation): StorageOptions {
  if (location.kind === 'local') return {};
  const s3 = {
    ...(location.region === undefined ? {} : { region: location.region }),
    ...(location.endpoint === undefined ? {} : { endpoint: location.endpoint, forcePathStyle: true }),
  };
  return {
    s3,
    ...(location.lockTable === undefined
      ? {}
      : {
          logStore: {
            kind: 'dynamodb' as const,
            tableName: location.lockTable,
            ...(location.region === undefined ? {} : { region: location.region }),
          },
        }),
  };
}
