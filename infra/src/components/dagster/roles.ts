// The IAM roles of the Dagster deployment: two execution roles (the ECS agent pulling images, writing logs,
// reading the database secret) and one task role per workload that calls AWS. The read-only webserver and the
// code server call nothing, so they get no task role.
import type * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import { createWorkloadRole } from '../../iam/role';
import { physicalName, type StackIdentity } from '../../naming';
import type { DagsterRole } from './containers';
import {
  adminWebserverStatements,
  etlStatements,
  executionStatements,
  launchTaskStatements,
  readLogsStatement,
  type EcsScope,
  type LakeAccess,
} from './policies';

export interface DagsterRolesArgs {
  readonly identity: StackIdentity;
  readonly scope: EcsScope;
  readonly dagsterRepositoryArn: pulumi.Input<string>;
  readonly etlRepositoryArn: pulumi.Input<string>;
  readonly dagsterLogGroupArns: readonly pulumi.Input<string>[];
  readonly etlLogGroupArn: pulumi.Input<string>;
  readonly databaseSecretArn: pulumi.Input<string>;
  readonly lake: LakeAccess;
  readonly runWorkerFamily: string;
  readonly etlFamily: string;
}

export interface DagsterRoles {
  readonly dagsterExecutionArn: pulumi.Output<string>;
  readonly etlExecutionArn: pulumi.Output<string>;
  readonly etlTaskArn: pulumi.Output<string>;
  /** Task roles by Dagster role; absent means the task runs without AWS permissions. */
  readonly taskRoleArns: Readonly<Partial<Record<DagsterRole, pulumi.Output<string>>>>;
}

export function createDagsterRoles(
  name: string,
  args: DagsterRolesArgs,
  parent: pulumi.Resource,
): DagsterRoles {
  const { identity, scope } = args;
  const role = (
    key: string,
    statements: Parameters<typeof createWorkloadRole>[1]['statements'],
  ): aws.iam.Role =>
    createWorkloadRole(
      `${name}-${key}`,
      {
        roleName: physicalName(identity, key),
        service: 'ecs-tasks.amazonaws.com',
        scope: { accountId: scope.accountId, region: scope.region },
        statements,
      },
      parent,
    );

  const dagsterExecution = role(
    'dagster-execution',
    executionStatements({
      repositoryArn: args.dagsterRepositoryArn,
      logGroupArns: args.dagsterLogGroupArns,
      secretArns: [args.databaseSecretArn],
    }),
  );
  const etlExecution = role(
    'etl-execution',
    executionStatements({
      repositoryArn: args.etlRepositoryArn,
      logGroupArns: [args.etlLogGroupArn],
      secretArns: [],
    }),
  );
  const etl = role('etl', etlStatements(args.lake));
  const runWorker = role('run-worker', [
    ...launchTaskStatements('Etl', scope, args.etlFamily, [etl.arn, etlExecution.arn]),
    readLogsStatement('FollowEtlLogs', args.etlLogGroupArn),
  ]);
  const daemon = role(
    'daemon',
    launchTaskStatements('Run', scope, args.runWorkerFamily, [runWorker.arn, dagsterExecution.arn]),
  );
  const admin = role('webserver-admin', adminWebserverStatements(scope));
  return {
    dagsterExecutionArn: dagsterExecution.arn,
    etlExecutionArn: etlExecution.arn,
    etlTaskArn: etl.arn,
    taskRoleArns: { 'webserver-admin': admin.arn, daemon: daemon.arn, 'run-worker': runWorker.arn },
  };
}
