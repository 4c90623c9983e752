// The whole platform for one stack: one component per concern, wired together here and nowhere else.
// Each component gets its own AWS provider whose default tags name the component (issue #3).
import * as path from 'node:path';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import {
  Alerts,
  AdminKey,
  Bastion,
  Buckets,
  CaddyHost,
  Dagster,
  Database,
  DATABASE_NAME,
  Identity,
  Images,
  LockTable,
  Network,
  WEBSERVER_PORT,
} from './components';
import type { StackConfig } from './config';
import { componentTags, parameterPath, type StackIdentity } from './naming';

/** The repository root: the Docker build context of every image. */
const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');

export interface PlatformOutputs {
  readonly region: string;
  readonly vpcId: pulumi.Output<string>;
  readonly natInstanceIds: pulumi.Output<string>[];
  readonly natPublicIps: pulumi.Output<string>[];
  readonly bastion: Record<string, pulumi.Input<string>>;
  readonly caddy: Record<string, pulumi.Input<string>>;
  readonly url: string;
  readonly knownHosts: pulumi.Output<string>;
  readonly sshPrivateKeyParameter: string;
  readonly parameterPath: string;
  readonly cognito: Record<string, pulumi.Input<string>>;
  readonly ecs: Record<string, unknown>;
  readonly logGroups: Record<string, string>;
  readonly database: Record<string, pulumi.Input<string | number>>;
  readonly buckets: Record<string, pulumi.Output<string>>;
  readonly lockTableName: string;
  readonly images: Record<string, pulumi.Output<string>>;
  readonly alertTopicArn: pulumi.Output<string>;
}

export function createPlatform(config: StackConfig): PlatformOutputs {
  const identity: StackIdentity = { project: config.project, stack: config.stack };
  const provider = (component: string) =>
    new aws.Provider(`aws-${component}`, {
      region: config.region as aws.Region,
      defaultTags: { tags: componentTags(identity, component) },
    });
  const opts = (component: string): pulumi.ComponentResourceOptions => ({ providers: [provider(component)] });

  const account = aws.getCallerIdentityOutput({}, { provider: provider('account') });
  const accountId = account.accountId;
  const protectData = config.protectData;

  const network = new Network(
    'network',
    {
      identity,
      region: config.region,
      vpcCidr: config.vpcCidr,
      azCount: config.azCount,
      adminCidrs: config.adminCidrs,
      interfaceEndpoints: config.interfaceEndpoints,
      natInstanceType: config.instanceTypes.nat,
      accountId,
      logRetentionDays: config.logRetentionDays,
      ...(config.amis.nat ? { natAmi: config.amis.nat } : {}),
    },
    opts('network'),
  );
  const sg = network.securityGroupIds;

  const buckets = new Buckets('buckets', { identity, accountId, protectData }, opts('buckets'));
  const lockTable = new LockTable('lock-table', { identity, protectData }, opts('lock-table'));
  const images = new Images(
    'images',
    { identity, repositoryRoot: REPOSITORY_ROOT, protectData },
    opts('images'),
  );
  const identityPool = new Identity(
    'identity',
    {
      identity,
      region: config.region,
      accountId,
      domain: config.domain,
      mfa: config.cognito.mfa,
      protectData,
    },
    opts('identity'),
  );
  const database = new Database(
    'database',
    {
      identity,
      subnetIds: network.databaseSubnetIds,
      securityGroupId: sg.database,
      instanceClass: config.database.instanceClass,
      engineVersion: config.database.engineVersion,
      allocatedStorageGiB: config.database.allocatedStorageGiB,
      maxAllocatedStorageGiB: config.database.maxAllocatedStorageGiB,
      backupRetentionDays: config.database.backupRetentionDays,
      multiAz: config.database.multiAz,
      protectData,
      logRetentionDays: config.logRetentionDays,
    },
    opts('database'),
  );

  const lake = buckets.buckets;
  const dagster = new Dagster(
    'dagster',
    {
      identity,
      region: config.region,
      accountId,
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      securityGroupIds: sg,
      logRetentionDays: config.logRetentionDays,
      services: config.services,
      dagsterImage: images.images.dagster,
      etlImage: images.images.etl,
      database: {
        address: database.address,
        port: database.port,
        name: DATABASE_NAME,
        secretArn: database.masterUserSecretArn,
      },
      lake: {
        landing: lake.landing.arn,
        bronze: lake.bronze.arn,
        silver: lake.silver.arn,
        gold: lake.gold.arn,
        lockTableArn: lockTable.tableArn,
      },
      // Read by etl/src/config/lake-location.ts.
      etlEnvironment: {
        ETL_LANDING_BUCKET: lake.landing.name,
        ETL_BRONZE_BUCKET: lake.bronze.name,
        ETL_SILVER_BUCKET: lake.silver.name,
        ETL_GOLD_BUCKET: lake.gold.name,
        ETL_LOCK_TABLE: lockTable.tableName,
      },
    },
    opts('dagster'),
  );

  const adminKey = new AdminKey('admin-key', { identity }, opts('ssh'));
  const bastion = new Bastion(
    'bastion',
    {
      identity,
      region: config.region,
      subnetId: network.publicSubnetIds[0]!,
      securityGroupId: sg.bastion,
      instanceType: config.instanceTypes.bastion,
      ...(config.amis.bastion ? { ami: config.amis.bastion } : {}),
      keyPairName: adminKey.keyPairName,
    },
    opts('bastion'),
  );
  const caddy = new CaddyHost(
    'caddy',
    {
      identity,
      region: config.region,
      subnetId: network.publicSubnetIds[0]!,
      availabilityZone: network.availabilityZones.apply((zones) => zones[0] as string),
      securityGroupId: sg.caddy,
      instanceType: config.instanceTypes.caddy,
      ...(config.amis.caddy ? { ami: config.amis.caddy } : {}),
      keyPairName: adminKey.keyPairName,
      domain: config.domain,
      hostedZoneId: config.hostedZoneId,
      acmeEmail: config.alertEmail,
      certificateVolumeGiB: config.certificateVolumeGiB,
      registry: images.registry,
      caddyImage: images.images.caddy,
      authImage: images.images.auth,
      dagsterAdminHost: dagster.hostnames.webserverAdmin,
      dagsterReadOnlyHost: dagster.hostnames.webserverReadOnly,
      dagsterPort: WEBSERVER_PORT,
      cognito: {
        issuerUrl: identityPool.issuerUrl,
        clientId: identityPool.clientId,
        hostedUiDomain: identityPool.hostedUiDomain,
      },
    },
    opts('caddy-host'),
  );

  const natHosts = Object.fromEntries(
    network.natInstanceIds.map((instanceId, i) => [`nat-${i + 1}`, instanceId]),
  );
  const alerts = new Alerts(
    'alerts',
    {
      identity,
      region: config.region,
      email: config.alertEmail,
      instances: { bastion: bastion.instanceId, caddy: caddy.instanceId, ...natHosts },
      databaseIdentifier: database.identifier,
      accountId,
    },
    opts('alerts'),
  );

  return {
    region: config.region,
    vpcId: network.vpcId,
    natInstanceIds: network.natInstanceIds,
    natPublicIps: network.natPublicIps,
    bastion: {
      instanceId: bastion.instanceId,
      publicIp: bastion.publicIp,
      ipv6Address: bastion.ipv6Address,
      hostKeyParameter: bastion.hostKey.publicParameterName,
      knownHostsLine: bastion.knownHostsLine,
    },
    caddy: {
      instanceId: caddy.instanceId,
      publicIp: caddy.publicIp,
      privateIp: caddy.privateIp,
      hostKeyParameter: caddy.hostKey.publicParameterName,
      knownHostsLine: caddy.knownHostsLine,
      certificateVolumeId: caddy.certificateVolumeId,
      cookieSecretParameter: caddy.cookieSecretParameterName,
    },
    url: caddy.url,
    knownHosts: pulumi
      .all([bastion.knownHostsLine, caddy.knownHostsLine])
      .apply((lines) => lines.join('\n') + '\n'),
    sshPrivateKeyParameter: adminKey.privateKeyParameterName,
    parameterPath: parameterPath(identity),
    cognito: {
      userPoolId: identityPool.userPoolId,
      clientId: identityPool.clientId,
      issuerUrl: identityPool.issuerUrl,
      hostedUiDomain: identityPool.hostedUiDomain,
    },
    ecs: {
      clusterName: dagster.clusterName,
      namespace: dagster.namespace,
      services: dagster.serviceNames,
      runWorkerTaskFamily: dagster.runWorkerFamily,
      etlTaskFamily: dagster.etlFamily,
      hostnames: dagster.hostnames,
    },
    logGroups: { ...dagster.logGroupNames, vpcRejected: network.flowLogGroupName },
    database: {
      identifier: database.identifier,
      address: database.address,
      port: database.port,
      masterUserSecretArn: database.masterUserSecretArn,
    },
    buckets: Object.fromEntries(Object.entries(lake).map(([kind, bucket]) => [kind, bucket.name])),
    lockTableName: lockTable.tableName,
    images: Object.fromEntries(Object.entries(images.images).map(([name, image]) => [name, image.imageRef])),
    alertTopicArn: alerts.topicArn,
  };
}
