// The stack configuration: both committed stack files load, and every kind of mistake is reported, all at once,
// with the key path and what to do.
import { ConfigError, loadConfig } from '../../../infra/src/config';
import { readStackFiles } from '../../../infra/src/offline/stack-files';

const project = 'energy-market';

function load(stack: string, overrides: Record<string, unknown> = {}, removed: string[] = []) {
  const raw: Record<string, string> = { ...readStackFiles(stack).config };
  for (const [key, value] of Object.entries(overrides))
    raw[key] = typeof value === 'string' ? value : JSON.stringify(value);
  for (const key of removed) delete raw[key];
  return loadConfig({ raw, project, stack, allowPlaceholders: true });
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('loads the dev stack file with defaults filled in, frozen', () => {
    const config = load('dev');
    expect(config).toMatchObject({
      project,
      stack: 'dev',
      region: 'ap-southeast-2',
      azCount: 1,
      adminCidrs: ['203.0.113.0/24', '2001:db8::/32'],
      instanceTypes: { nat: 't4g.nano', bastion: 't4g.nano', caddy: 't4g.small' },
      amis: {},
      interfaceEndpoints: [],
      certificateVolumeGiB: 1,
      cognito: { mfa: 'optional' },
      protectData: false,
    });
    expect(config.database.engineVersion).toBe('17');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.services.daemon)).toBe(true);
  });

  it('loads the prod stack file: two AZs, required MFA, protected data, on-demand services', () => {
    const config = load('prod');
    expect(config).toMatchObject({
      azCount: 2,
      cognito: { mfa: 'required' },
      protectData: true,
      database: { multiAz: true },
    });
    expect(config.services.webserverAdmin.capacity).toBe('on-demand');
  });

  it('defaults the region to ap-southeast-2 when aws:region is absent', () => {
    expect(load('dev', {}, ['aws:region']).region).toBe('ap-southeast-2');
  });

  it('reports every schema problem together, numbered, with key paths', () => {
    const message = messageOf(() =>
      load(
        'prod',
        {
          'aws:region': 'sydney',
          'energy-market:azCount': '4',
          'energy-market:adminCidrs': ['203.0.113.0/24', '0.0.0.0/0', '::/0', 'office'],
          'energy-market:domain': 'Energy.Example',
          'energy-market:logRetentionDays': '10',
          'energy-market:cognito': { mfa: 'sometimes' },
          'energy-market:colour': 'blue',
        },
        ['energy-market:alertEmail'],
      ),
    );
    expect(message).toBe(
      [
        'Pulumi.prod.yaml has 10 problems:',
        '  1. aws:region is sydney; expected an AWS region such as ap-southeast-2',
        '  2. energy-market:azCount is 4; expected at most 3',
        '  3. energy-market:adminCidrs[1] is 0.0.0.0/0; list office or VPN ranges only',
        '  4. energy-market:adminCidrs[2] is ::/0; list office or VPN ranges only',
        '  5. energy-market:adminCidrs[3] is office; expected an IPv4 or IPv6 CIDR such as 203.0.113.0/24 or 2001:db8::/32',
        '  6. energy-market:domain is Energy.Example; expected a lower-case DNS name such as dev.energy.example.org',
        '  7. energy-market:alertEmail is missing; add it to Pulumi.prod.yaml (string)',
        '  8. energy-market:logRetentionDays is 10; expected a CloudWatch retention period: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827',
        '  9. energy-market:cognito.mfa is sometimes; expected one of optional, required',
        '  10. energy-market:colour is not a known setting; see the table in docs/infrastructure.md',
      ].join('\n'),
    );
  });

  it('reports cross-setting rules: storage, Fargate sizes, one daemon, Multi-AZ needs two AZs', () => {
    const size = { cpu: 256, memoryMiB: 1024, capacity: 'spot' };
    const message = messageOf(() =>
      load('prod', {
        'energy-market:azCount': '1',
        'energy-market:database': {
          instanceClass: 'db.t4g.micro',
          allocatedStorageGiB: 50,
          maxAllocatedStorageGiB: 20,
          backupRetentionDays: 7,
          multiAz: true,
        },
        'energy-market:services': {
          webserverAdmin: { cpu: 512, memoryMiB: 512, capacity: 'spot' },
          webserverReadOnly: { cpu: 300, memoryMiB: 1024, capacity: 'spot' },
          daemon: { ...size, desiredCount: 2 },
          codeServer: size,
          runWorker: size,
          etl: { cpu: 2048, memoryMiB: 20000, capacity: 'spot' },
        },
      }),
    );
    expect(message).toBe(
      [
        'Pulumi.prod.yaml has 6 problems:',
        '  1. energy-market:database.maxAllocatedStorageGiB is 20; it must be at least database.allocatedStorageGiB (50)',
        '  2. energy-market:services.webserverAdmin has memoryMiB 512 with cpu 512; Fargate accepts 1024, 2048, 3072, 4096 MiB with that cpu',
        '  3. energy-market:services.webserverReadOnly has cpu 300; Fargate accepts cpu 256, 512, 1024, 2048, 4096, 8192, 16384',
        '  4. energy-market:services.etl has memoryMiB 20000 with cpu 2048; Fargate accepts 4096 to 16384 in steps of 1024 MiB with that cpu',
        '  5. energy-market:services.daemon.desiredCount is 2; Dagster runs exactly one daemon, set 1',
        '  6. energy-market:database.multiAz is true while azCount is 1; a Multi-AZ database belongs to a stack with azCount 2 or more',
      ].join('\n'),
    );
  });

  it('refuses engines other than PostgreSQL 17 and non-Graviton instance types', () => {
    const db = {
      instanceClass: 'db.t4g.micro',
      engineVersion: '16.4',
      allocatedStorageGiB: 20,
      maxAllocatedStorageGiB: 20,
      backupRetentionDays: 1,
    };
    expect(
      messageOf(() =>
        load('dev', { 'energy-market:database': db, 'energy-market:instanceTypes': { nat: 't3.nano' } }),
      ),
    ).toBe(
      [
        'Pulumi.dev.yaml has 2 problems:',
        '  1. energy-market:instanceTypes.nat is t3.nano; expected a Graviton (arm64) type such as t4g.nano',
        '  2. energy-market:database.engineVersion is 16.4; expected PostgreSQL 17 (the current major), e.g. 17 or 17.6',
      ].join('\n'),
    );
  });

  it('accepts the legacy <project>:config:<key> spelling', () => {
    const raw: Record<string, string> = {};
    for (const [key, value] of Object.entries(readStackFiles('dev').config)) {
      raw[key.replace(/^energy-market:/, 'energy-market:config:')] = value;
    }
    expect(loadConfig({ raw, project, stack: 'dev', allowPlaceholders: true }).domain).toBe(
      'dev.energy.example.org',
    );
  });
});
