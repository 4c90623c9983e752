// Alerts by email: an encrypted SNS topic and the few alarms that mean a person must act (a host failing its
// status checks is also recovered automatically; the database running out of space or CPU).
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { physicalName, type StackIdentity } from '../naming';

export interface AlertsArgs {
  readonly identity: StackIdentity;
  readonly region: string;
  readonly email: string;
  /** EC2 instances to watch, by a short name (`bastion`, `caddy`, `nat-1`). */
  readonly instances: Readonly<Record<string, pulumi.Input<string>>>;
  readonly databaseIdentifier: string;
  readonly accountId: pulumi.Input<string>;
}

export class Alerts extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: AlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    super('energy-market:alerts:Alerts', name, {}, opts);
    const child = { parent: this };
    const id = args.identity;
    // CloudWatch cannot publish to a topic under the AWS managed aws/sns key (its policy cannot admit the
    // service), so the topic gets its own key that admits CloudWatch from this account only.
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `${physicalName(id, 'alerts')}: encrypts the alert topic`,
        enableKeyRotation: true,
        deletionWindowInDays: 7,
        policy: pulumi.output(args.accountId).apply((account) =>
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                // The default key policy: the account (through its IAM policies) administers the key.
                Sid: 'AccountAdministers',
                Effect: 'Allow',
                Principal: { AWS: `arn:aws:iam::${account}:root` },
                Action: 'kms:*',
                Resource: '*',
              },
              {
                Sid: 'CloudWatchPublishes',
                Effect: 'Allow',
                Principal: { Service: 'cloudwatch.amazonaws.com' },
                Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
                Resource: '*',
                Condition: { StringEquals: { 'aws:SourceAccount': account } },
              },
            ],
          }),
        ),
      },
      child,
    );
    const topic = new aws.sns.Topic(
      `${name}-topic`,
      { name: physicalName(id, 'alerts'), kmsMasterKeyId: key.arn },
      child,
    );
    new aws.sns.TopicSubscription(
      `${name}-email`,
      { topic: topic.arn, protocol: 'email', endpoint: args.email },
      child,
    );
    this.topicArn = topic.arn;

    for (const [host, instanceId] of Object.entries(args.instances)) {
      new aws.cloudwatch.MetricAlarm(
        `${name}-${host}-status`,
        {
          name: physicalName(id, host, 'status-check'),
          namespace: 'AWS/EC2',
          metricName: 'StatusCheckFailed_System',
          dimensions: { InstanceId: instanceId },
          statistic: 'Maximum',
          period: 60,
          evaluationPeriods: 2,
          threshold: 1,
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          alarmActions: [pulumi.interpolate`arn:aws:automate:${args.region}:ec2:recover`, topic.arn],
          alarmDescription: `${host} failed its system status check; EC2 recovers it onto new hardware`,
        },
        child,
      );
    }
    const dbAlarm = (metric: string, comparison: string, threshold: number, description: string) =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-database-${metric.toLowerCase()}`,
        {
          name: physicalName(id, 'database', metric.toLowerCase()),
          namespace: 'AWS/RDS',
          metricName: metric,
          dimensions: { DBInstanceIdentifier: args.databaseIdentifier },
          statistic: 'Average',
          period: 300,
          evaluationPeriods: 3,
          threshold,
          comparisonOperator: comparison,
          alarmActions: [topic.arn],
          okActions: [topic.arn],
          alarmDescription: description,
        },
        child,
      );
    dbAlarm('FreeStorageSpace', 'LessThanThreshold', 2 * 1024 ** 3, 'database has less than 2 GiB free');
    dbAlarm('CPUUtilization', 'GreaterThanThreshold', 80, 'database CPU above 80% for 15 minutes');
    this.registerOutputs({});
  }
}
