// One IAM role per workload, with its single inline policy: the unit tests read every statement from here.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { assumeRolePolicy, policyDocument, type PolicyStatement } from './policy';

export interface WorkloadRoleArgs {
  readonly roleName: string;
  readonly service: 'ec2.amazonaws.com' | 'ecs-tasks.amazonaws.com' | 'vpc-flow-logs.amazonaws.com';
  readonly statements: readonly PolicyStatement[];
  /** Account and region, for the confused-deputy condition (ECS tasks, flow logs). */
  readonly scope?: { readonly accountId: pulumi.Input<string>; readonly region: string };
}

/** Creates the role and its inline policy as children of `parent`; resource names start with `name`. */
export function createWorkloadRole(
  name: string,
  args: WorkloadRoleArgs,
  parent: pulumi.Resource,
): aws.iam.Role {
  const role = new aws.iam.Role(
    name,
    {
      name: args.roleName,
      assumeRolePolicy: args.scope
        ? pulumi
            .output(args.scope.accountId)
            .apply((accountId) => assumeRolePolicy(args.service, { accountId, region: args.scope!.region }))
        : assumeRolePolicy(args.service),
      maxSessionDuration: 3600,
    },
    { parent },
  );
  if (args.statements.length > 0) {
    new aws.iam.RolePolicy(
      `${name}-policy`,
      { role: role.name, name: `${args.roleName}-policy`, policy: policyDocument(args.statements) },
      { parent },
    );
  }
  return role;
}
