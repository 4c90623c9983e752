import { CreateTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { StorageError, createDynamoDbLogTable } from '../../../../etl/src/lake';

describe('createDynamoDbLogTable', () => {
  const ddb = mockClient(DynamoDBClient);
  afterEach(() => ddb.reset());

  it("creates Spark's key schema on demand and turns on TTL for expireTime", async () => {
    ddb.on(CreateTableCommand).resolves({});
    ddb.on(UpdateTimeToLiveCommand).resolves({});
    await createDynamoDbLogTable(new DynamoDBClient({ region: 'ap-southeast-2' }), 'delta_log');
    expect(ddb.commandCalls(CreateTableCommand)[0]!.args[0].input).toEqual({
      TableName: 'delta_log',
      AttributeDefinitions: [
        { AttributeName: 'tablePath', AttributeType: 'S' },
        { AttributeName: 'fileName', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'tablePath', KeyType: 'HASH' },
        { AttributeName: 'fileName', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    });
    expect(ddb.commandCalls(UpdateTimeToLiveCommand)[0]!.args[0].input).toEqual({
      TableName: 'delta_log',
      TimeToLiveSpecification: { AttributeName: 'expireTime', Enabled: true },
    });
  });

  it('translates SDK failures into a StorageError naming the table', async () => {
    ddb
      .on(CreateTableCommand)
      .rejects(
        Object.assign(new Error('Table already exists: delta_log'), { name: 'ResourceInUseException' }),
      );
    const error = await createDynamoDbLogTable(
      new DynamoDBClient({ region: 'ap-southeast-2' }),
      'delta_log',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toBe(
      'delta_log: DynamoDB CreateTable failed: ResourceInUseException: Table already exists: delta_log',
    );
  });
});
