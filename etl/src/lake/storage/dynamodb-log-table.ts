// Creates the DynamoDB table the S3DynamoDBLogStore protocol needs, with the key schema Spark expects. Production
// tables come from infrastructure code (least privilege: writers need no CreateTable); this is for tests and
// one-off setups. Enable TTL on `expireTime` so completed entries age out after a day.
import { CreateTableCommand, UpdateTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StorageError } from './errors';

export async function createDynamoDbLogTable(
  client: DynamoDBClient,
  tableName: string,
  options: { enableTtl?: boolean } = {},
): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [
          { AttributeName: 'tablePath', AttributeType: 'S' },
          { AttributeName: 'fileName', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'tablePath', KeyType: 'HASH' },
          { AttributeName: 'fileName', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    if (options.enableTtl ?? true) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: 'expireTime', Enabled: true },
        }),
      );
    }
  } catch (error) {
    const sdk = error as { name?: string; message?: string };
    throw new StorageError(
      'DynamoDB CreateTable',
      tableName,
      `${sdk.name ?? 'Error'}: ${sdk.message ?? String(error)}`,
      {
        cause: error,
      },
    );
  }
}
