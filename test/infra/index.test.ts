// The real entry point, as `pulumi up` runs it: config read through the Pulumi runtime, outputs exported.
import * as pulumi from '@pulumi/pulumi';
import { mockCall, mockResourceState } from '../../infra/src/offline/mock-state';
import { readStackFiles } from '../../infra/src/offline/stack-files';

it('reads the stack config through the runtime and exports every platform output', async () => {
  const files = readStackFiles('prod');
  pulumi.runtime.setAllConfig(files.config, files.secretKeys);
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
