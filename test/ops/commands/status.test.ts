// ops status against the EC2/ECS stand-in: instances found by the stack's tags, services, URLs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { status } from '../../../ops/src/commands/status';
import { startAwsStandin, type AwsStandin } from '../../rigs/aws-standin';
import { captureIo, CLUSTER, rigOutputs, SERVICES, STACK, useEnv, writeOutputs } from '../support';

let aws: AwsStandin;
let restore: () => void;
let dir: string;
let outputsFile: string;

const tags = (name: string, component: string, stack = 'dev') => ({
  Name: name,
  project: 'energy-market',
  stack,
  'managed-by': 'pulumi',
  component,
});

beforeAll(async () => {
  aws = await startAwsStandin({
    instances: [
      {
        instanceId: 'i-0caddy',
        instanceType: 't4g.small',
        state: 'running',
        privateIp: '10.40.0.188',
        publicIp: '198.51.100.107',
        tags: tags('energy-market-dev-caddy', 'caddy'),
      },
      {
        instanceId: 'i-0bastion',
        instanceType: 't4g.nano',
        state: 'running',
        privateIp: '10.40.0.20',
        publicIp: '198.51.100.185',
        tags: tags('energy-market-dev-bastion', 'bastion'),
      },
      {
        instanceId: 'i-0nat',
        instanceType: 't4g.nano',
        state: 'stopped',
        privateIp: '10.40.0.5',
        tags: tags('energy-market-dev-nat-1', 'network'),
      },
      {
        instanceId: 'i-0prodbastion',
        instanceType: 't4g.nano',
        state: 'running',
        privateIp: '10.41.0.20',
        tags: tags('energy-market-prod-bastion', 'bastion', 'prod'),
      },
      {
        instanceId: 'i-0gone',
        instanceType: 't4g.nano',
        state: 'terminated',
        privateIp: '10.40.0.99',
        tags: tags('energy-market-dev-old', 'bastion'),
      },
    ],
    services: [
      { cluster: CLUSTER, name: SERVICES['webserver-admin'], desiredCount: 1 },
      { cluster: CLUSTER, name: SERVICES['webserver-readonly'], desiredCount: 2 },
      { cluster: CLUSTER, name: SERVICES.daemon, desiredCount: 1 },
      { cluster: CLUSTER, name: SERVICES['code-server'], desiredCount: 1, deploymentsAfterUpdate: [2] },
    ],
  });
  restore = useEnv(aws.env());
  dir = mkdtempSync(path.join(tmpdir(), 'ops-status-'));
  outputsFile = writeOutputs(dir, rigOutputs(undefined));
});

afterAll(async () => {
  restore();
  await aws.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('ops status', () => {
  it('prints the stack instances (by tags, live states only), the Dagster services and the URLs', async () => {
    const io = captureIo();
    await status({ stack: STACK, outputsFile }, io);
    expect(io.stdout()).toBe(
      [
        'stack dev',
        '',
        'INSTANCE    NAME                       COMPONENT  STATE    TYPE       PRIVATE IP   PUBLIC IP',
        'i-0bastion  energy-market-dev-bastion  bastion    running  t4g.nano   10.40.0.20   198.51.100.185',
        'i-0caddy    energy-market-dev-caddy    caddy      running  t4g.small  10.40.0.188  198.51.100.107',
        'i-0nat      energy-market-dev-nat-1    network    stopped  t4g.nano   10.40.0.5',
        '',
        'SERVICE                               RUNNING  DESIRED  PENDING  DEPLOYMENTS  ROLLOUT',
        'energy-market-dev-webserver-admin     1        1        0        1            COMPLETED',
        'energy-market-dev-webserver-readonly  2        2        0        1            COMPLETED',
        'energy-market-dev-daemon              1        1        0        1            COMPLETED',
        'energy-market-dev-code-server         1        1        0        1            COMPLETED',
        '',
        'url: https://dev.energy.example.org',
        'sign-in: https://energy-market-dev-123456789012.auth.ap-southeast-2.amazoncognito.com',
        '',
      ].join('\n'),
    );
    expect(aws.calls.find((c) => c.operation === 'ec2.DescribeInstances')?.input).toEqual({
      'tag:project': ['energy-market'],
      'tag:stack': ['dev'],
      'instance-state-name': ['pending', 'running', 'stopping', 'stopped'],
    });
  });

  it('prints the same facts as JSON with --json', async () => {
    const io = captureIo();
    await status({ stack: STACK, outputsFile, json: true }, io);
    const parsed = JSON.parse(io.stdout()) as {
      instances: { instanceId: string }[];
      services: unknown[];
      urls: Record<string, string>;
    };
    expect(parsed.instances.map((i) => i.instanceId)).toEqual(['i-0bastion', 'i-0caddy', 'i-0nat']);
    expect(parsed.services).toHaveLength(4);
    expect(parsed.urls.url).toBe('https://dev.energy.example.org');
  });
});
