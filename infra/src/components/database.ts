// RDS PostgreSQL for Dagster's run, event and schedule storage: private, encrypted, TLS-only, password managed
// by RDS in Secrets Manager (never in config, state or task environment).
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { physicalName, type StackIdentity } from '../naming';

export interface DatabaseArgs {
  readonly identity: StackIdentity;
  /** At least two subnets in two AZs (an RDS subnet group requires it). */
  readonly subnetIds: readonly pulumi.Input<string>[];
  readonly securityGroupId: pulumi.Input<string>;
  readonly instanceClass: string;
  readonly engineVersion: string;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  readonly backupRetentionDays: number;
  readonly multiAz: boolean;
  readonly protectData: boolean;
  readonly logRetentionDays: number;
}

export const DATABASE_NAME = 'dagster';
export const DATABASE_USER = 'dagster';

export class Database extends pulumi.ComponentResource {
  readonly address: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  readonly masterUserSecretArn: pulumi.Output<string>;
  readonly identifier: string;

  constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super('energy-market:database:Database', name, {}, opts);
    const child = { parent: this };
    const id = args.identity;
    if (args.subnetIds.length < 2) throw new Error('the database needs subnets in two availability zones');
    this.identifier = physicalName(id, 'dagster');
    const major = args.engineVersion.split('.')[0] as string;

    const subnetGroup = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      {
        name: this.identifier,
        subnetIds: [...args.subnetIds],
        description: 'database subnets, no internet route',
      },
      child,
    );
    const parameters = new aws.rds.ParameterGroup(
      `${name}-parameters`,
      {
        name: physicalName(id, 'postgres', major),
        family: `postgres${major}`,
        description: 'TLS required for every connection',
        parameters: [
          { name: 'rds.force_ssl', value: '1' },
          { name: 'log_min_duration_statement', value: '1000' },
        ],
      },
      child,
    );
    // Created here, before RDS would create it without retention, so PostgreSQL logs expire like all others.
    const logs = new aws.cloudwatch.LogGroup(
      `${name}-logs`,
      { name: `/aws/rds/instance/${this.identifier}/postgresql`, retentionInDays: args.logRetentionDays },
      child,
    );
    const instance = new aws.rds.Instance(
      `${name}-instance`,
      {
        identifier: this.identifier,
        engine: 'postgres',
        engineVersion: args.engineVersion,
        instanceClass: args.instanceClass,
        allocatedStorage: args.allocatedStorageGiB,
        maxAllocatedStorage: args.maxAllocatedStorageGiB,
        storageType: 'gp3',
        storageEncrypted: true,
        dbName: DATABASE_NAME,
        username: DATABASE_USER,
        manageMasterUserPassword: true,
        dbSubnetGroupName: subnetGroup.name,
        parameterGroupName: parameters.name,
        vpcSecurityGroupIds: [args.securityGroupId],
        publiclyAccessible: false,
        multiAz: args.multiAz,
        caCertIdentifier: 'rds-ca-rsa2048-g1',
        backupRetentionPeriod: args.backupRetentionDays,
        backupWindow: '16:00-17:00',
        maintenanceWindow: 'sun:17:30-sun:18:30',
        copyTagsToSnapshot: true,
        autoMinorVersionUpgrade: true,
        allowMajorVersionUpgrade: false,
        enabledCloudwatchLogsExports: ['postgresql'],
        deletionProtection: args.protectData,
        skipFinalSnapshot: !args.protectData,
        ...(args.protectData ? { finalSnapshotIdentifier: `${this.identifier}-final` } : {}),
        applyImmediately: !args.protectData,
      },
      { ...child, dependsOn: [logs] },
    );
    this.address = instance.address;
    this.port = instance.port;
    this.masterUserSecretArn = instance.masterUserSecrets.apply((s) => s[0]?.secretArn ?? '');
    this.registerOutputs({});
  }
}
