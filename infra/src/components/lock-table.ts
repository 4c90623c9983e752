// DynamoDB table for Delta commit coordination, in the layout of Delta's S3DynamoDBLogStore (key tablePath +
// fileName, TTL on expireTime) so Spark writers using that LogStore can share our tables.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { physicalName, type StackIdentity } from '../naming';

export interface LockTableArgs {
  readonly identity: StackIdentity;
  readonly protectData: boolean;
}

export class LockTable extends pulumi.ComponentResource {
  readonly tableName: string;
  readonly tableArn: pulumi.Output<string>;

  constructor(name: string, args: LockTableArgs, opts?: pulumi.ComponentResourceOptions) {
    super('energy-market:lock-table:LockTable', name, {}, opts);
    this.tableName = physicalName(args.identity, 'delta-log');
    const table = new aws.dynamodb.Table(
      `${name}-table`,
      {
        name: this.tableName,
        billingMode: 'PAY_PER_REQUEST',
        hashKey: 'tablePath',
        rangeKey: 'fileName',
        attributes: [
          { name: 'tablePath', type: 'S' },
          { name: 'fileName', type: 'S' },
        ],
        ttl: { attributeName: 'expireTime', enabled: true },
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: args.protectData,
      },
      { parent: this },
    );
    this.tableArn = table.arn;
    this.registerOutputs({});
  }
}
