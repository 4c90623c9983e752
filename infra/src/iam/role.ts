// One IAM role per workload, with its single inline policy: the unit tests read every statement from here.
import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import { assumeRolePolicy, policyDocument, type PolicyStatement } from './policy';

export interface WorkloadRoleArgs {
  readonly roleName: string;
  readonly service: 'ec2.amazonaws.com' | 'ecs-tasks.amazonaws.com';
  readonly statements: readonly PolicyStatement[];
}

/** Creates the role and its inline policy as children of `parent`; resource names start with `name`. */
export function createWorkloadRole(
  name: string,
  args: WorkloadRoleArgs,
  parent: pulumi.Resource,
): aws.iam.Role {
  const role = new aws.iam.Role(
    name,
    { name: args.roleName, assumeRolePolicy: assumeRolePolicy(args.service), maxSessionDuration: 3600 },
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
