// The real entry point, as `pulumi up` runs it: config read through the Pulumi runtime, outputs exported.
import * as pulumi from '@pulumi/pulumi';
import { loadConfig } from '../../infra/src/config';
import { mockCall, mockResourceState } from '../../infra/src/offline/mock-state';
import { readStackFiles } from '../../infra/src/offline/stack-files';

it('refuses the example hosted zone id when run for real', () => {
  const files = readStackFiles('dev');
  expect(() => loadConfig({ raw: files.config, project: files.project, stack: 'dev' })).toThrow(
    'Pulumi.dev.yaml has 1 problem:\n  1. energy-market:hostedZoneId is the example placeholder; set the id of the Route 53 hosted zone serving dev.energy.example.org',
  );
});

it('reads the stack config through the runtime and exports every platform output', async () => {
  const files = readStackFiles('prod');
  // `pulumi up` refuses the example hosted zone id of the committed file, so this run sets a real-looking one.
  pulumi.runtime.setAllConfig(
    { ...files.config, 'energy-market:hostedZoneId': 'Z0123456789ABCDEFGHIJ' },
    files.secretKeys,
  );
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => mockResourceState(args, 'ap-southeast-2'),
      call: (args) => mockCall(args, 'ap-southeast-2'),
    },
    files.project,
    files.stack,
  );
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const outputs = (await pulumi.runtime.runInPulumiStack(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../infra/src/index') as Record<string, unknown>;
  })) as Record<string, unknown>;
  Error.stackTraceLimit = limit;
  expect(Object.keys(outputs).sort()).toEqual(
    [
      'alertTopicArn',
      'bastion',
      'buckets',
      'caddy',
      'cognito',
      'database',
      'ecs',
      'images',
      'knownHosts',
      'lockTableName',
      'logGroups',
      'natInstanceIds',
      'natPublicIps',
      'parameterPath',
      'region',
      'sshPrivateKeyParameter',
      'url',
      'vpcId',
    ].sort(),
  );
  expect(outputs).toMatchObject({
    url: 'https://energy.example.org',
    parameterPath: '/energy-market/prod',
    natInstanceIds: ['network-nat-1-id', 'network-nat-2-id'],
    lockTableName: 'energy-market-prod-delta-log',
  });
});
