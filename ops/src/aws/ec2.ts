// EC2: the stack's instances, found by the default tags infra puts on every resource (project, stack).
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { callAws } from './errors';

export interface StackInstance {
  readonly instanceId: string;
  readonly name: string;
  readonly component: string;
  readonly state: string;
  readonly instanceType: string;
  readonly privateIp: string;
  readonly publicIp: string;
}

export async function describeStackInstances(
  region: string,
  project: string,
  stack: string,
): Promise<StackInstance[]> {
  const client = new EC2Client({ region });
  try {
    const instances: StackInstance[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAws('ec2:DescribeInstances', () =>
        client.send(
          new DescribeInstancesCommand({
            Filters: [
              { Name: 'tag:project', Values: [project] },
              { Name: 'tag:stack', Values: [stack] },
              { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped'] },
            ],
            NextToken: nextToken,
          }),
        ),
      );
      for (const reservation of page.Reservations ?? []) {
        for (const instance of reservation.Instances ?? []) {
          const tag = (key: string) => instance.Tags?.find((t) => t.Key === key)?.Value ?? '';
          instances.push({
            instanceId: instance.InstanceId ?? '',
            name: tag('Name'),
            component: tag('component'),
            state: instance.State?.Name ?? 'unknown',
            instanceType: instance.InstanceType ?? '',
            privateIp: instance.PrivateIpAddress ?? '',
            publicIp: instance.PublicIpAddress ?? '',
          });
        }
      }
      nextToken = page.NextToken;
    } while (nextToken);
    return instances.sort((a, b) => a.name.localeCompare(b.name));
  } finally {
    client.destroy();
  }
}
