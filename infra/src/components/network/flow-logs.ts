// VPC flow logs of rejected traffic: what the firewall blocked, for investigating failed connections and probes.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { createWorkloadRole } from '../../iam/role';
import { logGroupName, physicalName, type StackIdentity } from '../../naming';

export interface FlowLogsArgs {
  readonly identity: StackIdentity;
  readonly region: string;
  readonly accountId: pulumi.Input<string>;
  readonly vpcId: pulumi.Input<string>;
  readonly retentionDays: number;
}

/** Creates the log group, its write-only role and the flow log; returns the log group name. */
export function createRejectedFlowLogs(name: string, args: FlowLogsArgs, parent: pulumi.Resource): string {
  const id = args.identity;
  const groupName = logGroupName(id, 'vpc', 'rejected');
  const group = new aws.cloudwatch.LogGroup(
    name,
    { name: groupName, retentionInDays: args.retentionDays },
    { parent },
  );
  const role = createWorkloadRole(
    `${name}-role`,
    {
      roleName: physicalName(id, 'flow-logs'),
      service: 'vpc-flow-logs.amazonaws.com',
      scope: { accountId: args.accountId, region: args.region },
      statements: [
        {
          sid: 'WriteFlowLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          resources: [group.arn, pulumi.interpolate`${group.arn}:log-stream:*`],
        },
      ],
    },
    parent,
  );
  new aws.ec2.FlowLog(
    `${name}-vpc`,
    {
      vpcId: args.vpcId,
      trafficType: 'REJECT',
      logDestinationType: 'cloud-watch-logs',
      logDestination: group.arn,
      iamRoleArn: role.arn,
      maxAggregationInterval: 600,
    },
    { parent },
  );
  return groupName;
}
