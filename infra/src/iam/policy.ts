// IAM policy documents built from typed statements, refusing the two classic mistakes at construction:
// wildcard actions, and unscoped resources for actions that support resource-level permissions.
import * as pulumi from '@pulumi/pulumi';

export interface PolicyStatement {
  readonly sid: string;
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly pulumi.Input<string>[];
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, pulumi.Input<string>>>>>;
}

/**
 * Actions AWS only authorises against `"*"` (the service authorisation reference lists no resource type for them).
 * Anything else must name its resources.
 */
export const ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS: ReadonlySet<string> = new Set([
  'ecr:GetAuthorizationToken',
  'ecs:DescribeTaskDefinition',
]);

export class PolicyStatementError extends Error {
  readonly code = 'IAM_STATEMENT_INVALID';
}

function checkStatement(statement: PolicyStatement): void {
  for (const action of statement.actions) {
    if (!/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action)) {
      throw new PolicyStatementError(
        `statement ${statement.sid}: action "${action}" is not a single service:Action; wildcards are not allowed`,
      );
    }
  }
  if (statement.resources.length === 0) {
    throw new PolicyStatementError(`statement ${statement.sid}: lists no resources`);
  }
  const isUnscoped = statement.resources.some((r) => r === '*');
  const scopedActions = statement.actions.filter((a) => !ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS.has(a));
  if (isUnscoped && (statement.effect ?? 'Allow') === 'Allow' && scopedActions.length > 0) {
    throw new PolicyStatementError(
      `statement ${statement.sid}: resource "*" for ${scopedActions.join(', ')}; name the resources these act on`,
    );
  }
}

/** A policy document as a JSON string output; throws PolicyStatementError on a wildcard or unscoped statement. */
export function policyDocument(statements: readonly PolicyStatement[]): pulumi.Output<string> {
  statements.forEach(checkStatement);
  const resolved = statements.map((s) =>
    pulumi.output({ resources: [...s.resources], conditions: s.conditions ?? {} }),
  );
  return pulumi.all(resolved).apply((parts) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: statements.map((s, i) => ({
        Sid: s.sid,
        Effect: s.effect ?? 'Allow',
        Action: [...s.actions],
        Resource: parts[i]?.resources,
        ...(s.conditions ? { Condition: parts[i]?.conditions } : {}),
      })),
    }),
  );
}

/** The services our roles trust, and the source ARN pattern each one presents (confused-deputy guard). */
const SOURCE_ARNS: Readonly<Record<string, (region: string, accountId: string) => string>> = {
  'ecs-tasks.amazonaws.com': (region, accountId) => `arn:aws:ecs:${region}:${accountId}:*`,
  'vpc-flow-logs.amazonaws.com': (region, accountId) => `arn:aws:ec2:${region}:${accountId}:vpc-flow-log/*`,
};

/**
 * Trust policy letting one AWS service assume a role. For services acting on behalf of the account (ECS tasks,
 * VPC flow logs) it also names the account and the source resources, as the ECS and VPC guides recommend.
 */
export function assumeRolePolicy(service: string, scope?: { accountId: string; region: string }): string {
  const sourceArn = SOURCE_ARNS[service];
  const condition =
    scope && sourceArn
      ? {
          Condition: {
            ArnLike: { 'aws:SourceArn': sourceArn(scope.region, scope.accountId) },
            StringEquals: { 'aws:SourceAccount': scope.accountId },
          },
        }
      : {};
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...condition }],
  });
}
