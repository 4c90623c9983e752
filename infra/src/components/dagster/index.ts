// Dagster on ECS Fargate: webservers (admin and read-only), the daemon, the etl code server, the task definition
// the ECS run launcher starts for each run, and the etl task those runs launch through Dagster Pipes.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { Capacity, ServiceSize, TaskSize } from '../../config';
import { logGroupName, physicalName, serviceNamespace, type StackIdentity } from '../../naming';
import {
  CODE_SERVER_PORT,
  dagsterContainer,
  ETL_CONTAINER,
  etlContainer,
  type ContainerSecret,
  type DagsterRole,
} from './containers';
import type { EcsScope, LakeAccess } from './policies';
import { createDagsterRoles } from './roles';

export * from './containers';
export * from './policies';
export { createDagsterRoles, type DagsterRoles } from './roles';

export interface DagsterArgs {
  readonly identity: StackIdentity;
  readonly region: string;
  readonly accountId: pulumi.Input<string>;
  readonly vpcId: pulumi.Input<string>;
  readonly subnetIds: readonly pulumi.Input<string>[];
  readonly securityGroupIds: Readonly<
    Record<'webserver' | 'daemon' | 'codeServer' | 'runWorker' | 'etl', pulumi.Input<string>>
  >;
  readonly logRetentionDays: number;
  readonly services: {
    readonly webserverAdmin: ServiceSize;
    readonly webserverReadOnly: ServiceSize;
    readonly daemon: ServiceSize;
    readonly codeServer: ServiceSize;
    readonly runWorker: TaskSize;
    readonly etl: TaskSize;
  };
  readonly dagsterImage: {
    readonly imageRef: pulumi.Input<string>;
    readonly repositoryArn: pulumi.Input<string>;
  };
  readonly etlImage: {
    readonly imageRef: pulumi.Input<string>;
    readonly repositoryArn: pulumi.Input<string>;
  };
  readonly database: {
    readonly address: pulumi.Input<string>;
    readonly port: pulumi.Input<number>;
    readonly name: string;
    readonly secretArn: pulumi.Input<string>;
  };
  readonly lake: LakeAccess;
  /** Non-secret environment of the etl container (bucket URIs, lock table), built by the platform. */
  readonly etlEnvironment: Readonly<Record<string, pulumi.Input<string>>>;
}

// FARGATE_SPOT runs ARM64 Linux tasks on platform 1.4.0 or later (ECS API reference, CapacityProviderStrategyItem).
const capacityProvider = (capacity: Capacity) => (capacity === 'spot' ? 'FARGATE_SPOT' : 'FARGATE');

type ServiceRole = Exclude<DagsterRole, 'run-worker'>;

export class Dagster extends pulumi.ComponentResource {
  readonly clusterName: string;
  readonly namespace: string;
  readonly serviceNames: Readonly<Record<ServiceRole, string>>;
  readonly hostnames: Readonly<{ webserverAdmin: string; webserverReadOnly: string; codeServer: string }>;
  readonly logGroupNames: Readonly<Record<DagsterRole | 'etl', string>>;
  readonly runWorkerFamily: string;
  readonly etlFamily: string;

  constructor(name: string, args: DagsterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('energy-market:dagster:Dagster', name, {}, opts);
    const child = { parent: this };
    const id = args.identity;
    this.clusterName = physicalName(id, 'dagster');
    this.namespace = serviceNamespace(id);
    const scope: EcsScope = { region: args.region, accountId: args.accountId, clusterName: this.clusterName };

    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      { name: this.clusterName, settings: [{ name: 'containerInsights', value: 'disabled' }] },
      child,
    );
    const capacityProviders = new aws.ecs.ClusterCapacityProviders(
      `${name}-capacity`,
      { clusterName: cluster.name, capacityProviders: ['FARGATE', 'FARGATE_SPOT'] },
      child,
    );
    const namespace = new aws.servicediscovery.PrivateDnsNamespace(
      `${name}-namespace`,
      {
        name: this.namespace,
        vpc: args.vpcId,
        description: 'Dagster services, resolved by Caddy and Dagster itself',
      },
      child,
    );

    const roles: DagsterRole[] = [
      'webserver-admin',
      'webserver-readonly',
      'daemon',
      'code-server',
      'run-worker',
    ];
    const logGroups = {} as Record<DagsterRole | 'etl', aws.cloudwatch.LogGroup>;
    const logNames = {} as Record<DagsterRole | 'etl', string>;
    for (const role of [...roles, 'etl' as const]) {
      logNames[role] = role === 'etl' ? logGroupName(id, 'etl') : logGroupName(id, 'dagster', role);
      logGroups[role] = new aws.cloudwatch.LogGroup(
        `${name}-${role}-logs`,
        { name: logNames[role], retentionInDays: args.logRetentionDays },
        child,
      );
    }
    this.logGroupNames = logNames;

    this.etlFamily = physicalName(id, 'etl');
    this.runWorkerFamily = physicalName(id, 'run-worker');
    const iam = createDagsterRoles(
      name,
      {
        identity: id,
        scope,
        dagsterRepositoryArn: args.dagsterImage.repositoryArn,
        etlRepositoryArn: args.etlImage.repositoryArn,
        dagsterLogGroupArns: roles.map((r) => logGroups[r].arn),
        etlLogGroupArn: logGroups.etl.arn,
        databaseSecretArn: args.database.secretArn,
        lake: args.lake,
        runWorkerFamily: this.runWorkerFamily,
        etlFamily: this.etlFamily,
      },
      this,
    );

    const discovery = {} as Record<
      'webserver-admin' | 'webserver-readonly' | 'code-server',
      aws.servicediscovery.Service
    >;
    for (const role of ['webserver-admin', 'webserver-readonly', 'code-server'] as const) {
      discovery[role] = new aws.servicediscovery.Service(
        `${name}-${role}-discovery`,
        {
          name: role,
          namespaceId: namespace.id,
          dnsConfig: {
            namespaceId: namespace.id,
            dnsRecords: [{ type: 'A', ttl: 10 }],
            routingPolicy: 'MULTIVALUE',
          },
        },
        child,
      );
    }
    this.hostnames = {
      webserverAdmin: `webserver-admin.${this.namespace}`,
      webserverReadOnly: `webserver-readonly.${this.namespace}`,
      codeServer: `code-server.${this.namespace}`,
    };

    const subnets = pulumi.all(args.subnetIds as pulumi.Input<string>[]).apply((ids) => ids.join(','));
    const sg = args.securityGroupIds;
    const dagsterEnvironment = pulumi.output({
      AWS_REGION: args.region,
      DAGSTER_PG_HOST: args.database.address,
      DAGSTER_PG_PORT: pulumi.output(args.database.port).apply(String),
      DAGSTER_PG_DB: args.database.name,
      DAGSTER_CODE_SERVER_HOST: this.hostnames.codeServer,
      DAGSTER_CODE_SERVER_PORT: String(CODE_SERVER_PORT),
      DAGSTER_ECS_CLUSTER: this.clusterName,
      DAGSTER_RUN_TASK_DEFINITION: this.runWorkerFamily,
      DAGSTER_RUN_CONTAINER: 'run-worker',
      DAGSTER_RUN_SUBNETS: subnets,
      DAGSTER_RUN_SECURITY_GROUPS: sg.runWorker,
      DAGSTER_RUN_CAPACITY_PROVIDER: capacityProvider(args.services.runWorker.capacity),
      ETL_ECS_CLUSTER: this.clusterName,
      ETL_TASK_DEFINITION: this.etlFamily,
      ETL_CONTAINER,
      ETL_SUBNETS: subnets,
      ETL_SECURITY_GROUPS: sg.etl,
      ETL_CAPACITY_PROVIDER: capacityProvider(args.services.etl.capacity),
    });
    const dbSecrets: pulumi.Output<ContainerSecret[]> = pulumi
      .output(args.database.secretArn)
      .apply((arn) => [
        { name: 'DAGSTER_PG_USERNAME', valueFrom: `${arn}:username::` },
        { name: 'DAGSTER_PG_PASSWORD', valueFrom: `${arn}:password::` },
      ]);

    const sizes: Record<DagsterRole, { cpu: number; memoryMiB: number }> = {
      'webserver-admin': args.services.webserverAdmin,
      'webserver-readonly': args.services.webserverReadOnly,
      daemon: args.services.daemon,
      'code-server': args.services.codeServer,
      'run-worker': args.services.runWorker,
    };
    const taskDefinitions = {} as Record<DagsterRole, aws.ecs.TaskDefinition>;
    for (const role of roles) {
      const family = role === 'run-worker' ? this.runWorkerFamily : physicalName(id, role);
      const taskRoleArn = iam.taskRoleArns[role];
      taskDefinitions[role] = new aws.ecs.TaskDefinition(
        `${name}-${role}-task`,
        {
          family,
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: String(sizes[role].cpu),
          memory: String(sizes[role].memoryMiB),
          runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'ARM64' },
          executionRoleArn: iam.dagsterExecutionArn,
          ...(taskRoleArn ? { taskRoleArn } : {}),
          containerDefinitions: pulumi
            .all([
              args.dagsterImage.imageRef,
              dagsterEnvironment,
              role === 'code-server' ? pulumi.output([]) : dbSecrets,
            ])
            .apply(([image, environment, secrets]) =>
              JSON.stringify([
                dagsterContainer(role, {
                  image,
                  region: args.region,
                  logGroup: logNames[role],
                  // Processes that launch or stop runs load the ECS run launcher; the others have no AWS role.
                  environment: { ...environment, DAGSTER_RUN_LAUNCHER: taskRoleArn ? 'ecs' : 'none' },
                  secrets,
                }),
              ]),
            ),
        },
        child,
      );
    }
    new aws.ecs.TaskDefinition(
      `${name}-etl-task`,
      {
        family: this.etlFamily,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: String(args.services.etl.cpu),
        memory: String(args.services.etl.memoryMiB),
        runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'ARM64' },
        executionRoleArn: iam.etlExecutionArn,
        taskRoleArn: iam.etlTaskArn,
        ephemeralStorage: { sizeInGib: 50 },
        containerDefinitions: pulumi
          .all([args.etlImage.imageRef, pulumi.output(args.etlEnvironment)])
          .apply(([image, environment]) =>
            JSON.stringify([
              etlContainer({
                image,
                region: args.region,
                logGroup: logNames.etl,
                environment: { AWS_REGION: args.region, ...environment },
                secrets: [],
              }),
            ]),
          ),
      },
      child,
    );

    const serviceSizes: Record<ServiceRole, ServiceSize> = {
      'webserver-admin': args.services.webserverAdmin,
      'webserver-readonly': args.services.webserverReadOnly,
      daemon: args.services.daemon,
      'code-server': args.services.codeServer,
    };
    const serviceGroups: Record<ServiceRole, pulumi.Input<string>> = {
      'webserver-admin': sg.webserver,
      'webserver-readonly': sg.webserver,
      daemon: sg.daemon,
      'code-server': sg.codeServer,
    };
    const serviceNames = {} as Record<ServiceRole, string>;
    for (const role of Object.keys(serviceSizes) as ServiceRole[]) {
      const size = serviceSizes[role];
      const registry = role === 'daemon' ? undefined : discovery[role];
      // The daemon must never run twice: stop the old task before starting the new one.
      const isSingleton = role === 'daemon';
      serviceNames[role] = physicalName(id, role);
      new aws.ecs.Service(
        `${name}-${role}-service`,
        {
          name: serviceNames[role],
          cluster: cluster.arn,
          taskDefinition: taskDefinitions[role].arn,
          desiredCount: size.desiredCount,
          capacityProviderStrategies: [{ capacityProvider: capacityProvider(size.capacity), weight: 1 }],
          networkConfiguration: {
            subnets: [...args.subnetIds],
            securityGroups: [serviceGroups[role]],
            assignPublicIp: false,
          },
          deploymentCircuitBreaker: { enable: true, rollback: true },
          deploymentMinimumHealthyPercent: isSingleton ? 0 : 100,
          deploymentMaximumPercent: isSingleton ? 100 : 200,
          ...(registry ? { serviceRegistries: { registryArn: registry.arn } } : {}),
          enableEcsManagedTags: true,
          propagateTags: 'SERVICE',
          enableExecuteCommand: false,
        },
        { ...child, dependsOn: [capacityProviders] },
      );
    }
    this.serviceNames = serviceNames;
    this.registerOutputs({});
  }
}
