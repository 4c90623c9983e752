// IAM statements of every Dagster and etl workload, each scoped to the exact cluster, task family, log group,
// bucket or table it needs (issue #3: no `*` actions, per-bucket per-need S3 access).
import * as pulumi from '@pulumi/pulumi';
import type { PolicyStatement } from '../../iam/policy';

export interface EcsScope {
  readonly region: string;
  readonly accountId: pulumi.Input<string>;
  readonly clusterName: string;
}

export const taskDefinitionFamilyArn = (scope: EcsScope, family: string) =>
  pulumi.interpolate`arn:aws:ecs:${scope.region}:${scope.accountId}:task-definition/${family}:*`;

const clusterTasksArn = (scope: EcsScope) =>
  pulumi.interpolate`arn:aws:ecs:${scope.region}:${scope.accountId}:task/${scope.clusterName}/*`;

const clusterArn = (scope: EcsScope) =>
  pulumi.interpolate`arn:aws:ecs:${scope.region}:${scope.accountId}:cluster/${scope.clusterName}`;

/** Launch one task family in our cluster, watch and stop its tasks, and hand it exactly its two roles. */
export function launchTaskStatements(
  prefix: string,
  scope: EcsScope,
  family: string,
  passRoleArns: readonly pulumi.Input<string>[],
): PolicyStatement[] {
  return [
    {
      sid: `${prefix}RunTask`,
      actions: ['ecs:RunTask'],
      resources: [taskDefinitionFamilyArn(scope, family)],
      conditions: { ArnEquals: { 'ecs:cluster': clusterArn(scope) } },
    },
    {
      sid: `${prefix}WatchTasks`,
      actions: ['ecs:DescribeTasks', 'ecs:StopTask'],
      resources: [clusterTasksArn(scope)],
    },
    {
      sid: `${prefix}TagOnLaunch`,
      actions: ['ecs:TagResource'],
      resources: [clusterTasksArn(scope)],
      conditions: { StringEquals: { 'ecs:CreateAction': 'RunTask' } },
    },
    // DescribeTaskDefinition has no resource-level permissions (service authorization reference).
    { sid: `${prefix}ReadTaskDefinitions`, actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] },
    {
      sid: `${prefix}PassTaskRoles`,
      actions: ['iam:PassRole'],
      resources: [...passRoleArns],
      conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    },
  ];
}

/**
 * Admin webserver: terminating a run from the UI stops its ECS task; the ECS run launcher reads its task
 * definition when it starts.
 */
export function adminWebserverStatements(scope: EcsScope): PolicyStatement[] {
  return [
    { sid: 'StopRuns', actions: ['ecs:DescribeTasks', 'ecs:StopTask'], resources: [clusterTasksArn(scope)] },
    { sid: 'ReadTaskDefinitions', actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] },
  ];
}

/** Execution role: pull one repository, write its own log groups, read the listed secrets. */
export function executionStatements(args: {
  readonly repositoryArn: pulumi.Input<string>;
  readonly logGroupArns: readonly pulumi.Input<string>[];
  readonly secretArns: readonly pulumi.Input<string>[];
}): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
    {
      sid: 'PullImage',
      actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
      resources: [args.repositoryArn],
    },
    {
      sid: 'WriteLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: args.logGroupArns.map((arn) => pulumi.interpolate`${arn}:log-stream:*`),
    },
  ];
  if (args.secretArns.length > 0) {
    statements.push({
      sid: 'ReadSecrets',
      actions: ['secretsmanager:GetSecretValue'],
      resources: [...args.secretArns],
    });
  }
  return statements;
}

/** Pipes' CloudWatch message reader follows the etl task's log stream. */
export function readLogsStatement(sid: string, logGroupArn: pulumi.Input<string>): PolicyStatement {
  return {
    sid,
    actions: ['logs:GetLogEvents', 'logs:FilterLogEvents'],
    resources: [logGroupArn, pulumi.interpolate`${logGroupArn}:log-stream:*`],
  };
}

export interface LakeAccess {
  readonly landing: pulumi.Input<string>;
  readonly bronze: pulumi.Input<string>;
  readonly silver: pulumi.Input<string>;
  readonly gold: pulumi.Input<string>;
  readonly lockTableArn: pulumi.Input<string>;
}

/**
 * The etl task: it lands raw files write-once (no delete anywhere in landing except its `_`-prefixed bookkeeping
 * Delta tables), rewrites Delta tables in the medallion buckets (delete for vacuum and overwrite), and
 * coordinates commits in the lock table.
 */
export function etlStatements(lake: LakeAccess): PolicyStatement[] {
  const tableBuckets = [lake.bronze, lake.silver, lake.gold];
  return [
    { sid: 'ListLake', actions: ['s3:ListBucket'], resources: [lake.landing, ...tableBuckets] },
    {
      sid: 'LandFiles',
      actions: ['s3:GetObject', 's3:PutObject'],
      resources: [pulumi.interpolate`${lake.landing}/*`],
    },
    {
      sid: 'MaintainLandingBookkeeping',
      actions: ['s3:DeleteObject'],
      resources: [pulumi.interpolate`${lake.landing}/_*`],
    },
    {
      sid: 'WriteTables',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resources: tableBuckets.map((arn) => pulumi.interpolate`${arn}/*`),
    },
    {
      sid: 'CoordinateCommits',
      actions: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
        'dynamodb:DescribeTable',
      ],
      resources: [lake.lockTableArn],
    },
  ];
}
