// Stack-wide properties of the real program for dev and prod: encryption, public exposure, names, tags,
// dev-versus-prod differences and the stack outputs.
import { evaluateStack, type Evaluation } from '../../../infra/src/offline/evaluate';
import { named, ofType } from '../support';

let dev: Evaluation;
let prod: Evaluation;

beforeAll(async () => {
  dev = await evaluateStack('dev');
  prod = await evaluateStack('prod');
});

const count = (e: Evaluation, type: string) => ofType(e, type).length;
const tier = (e: Evaluation, t: string) =>
  ofType(e, 'aws:ec2/subnet:Subnet').filter((s) => (s.inputs.tags as Record<string, string>).tier === t)
    .length;

describe('encryption at rest', () => {
  it('encrypts buckets, volumes, the database, the lock table, repositories, topics and key parameters', () => {
    for (const e of [dev, prod]) {
      const buckets = ofType(e, 'aws:s3/bucket:Bucket');
      expect(buckets).toHaveLength(4);
      for (const b of buckets) {
        const sse = named(
          e,
          'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
          `${b.name}-encryption`,
        );
        expect(sse.inputs.rules).toEqual([
          { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
        ]);
      }
      for (const v of ofType(e, 'aws:ebs/volume:Volume')) expect(v.inputs.encrypted).toBe(true);
      expect(ofType(e, 'aws:rds/instance:Instance')[0]!.inputs.storageEncrypted).toBe(true);
      expect(ofType(e, 'aws:dynamodb/table:Table')[0]!.inputs.serverSideEncryption).toEqual({
        enabled: true,
      });
      for (const r of ofType(e, 'aws:ecr/repository:Repository')) {
        expect(r.inputs).toMatchObject({
          encryptionConfigurations: [{ encryptionType: 'AES256' }],
          imageTagMutability: 'IMMUTABLE',
        });
        expect(r.inputs.imageScanningConfiguration).toEqual({ scanOnPush: true });
      }
      const key = ofType(e, 'aws:kms/key:Key')[0]!;
      expect(key.inputs.enableKeyRotation).toBe(true);
      for (const t of ofType(e, 'aws:sns/topic:Topic'))
        expect(t.inputs.kmsMasterKeyId).toBe(
          `arn:aws:kms:ap-southeast-2:123456789012:${key.name}/${key.name}`,
        );
    }
  });
});

describe('public exposure', () => {
  it('blocks every kind of public access on every bucket and refuses plain HTTP', () => {
    for (const e of [dev, prod]) {
      for (const b of ofType(e, 'aws:s3/bucket:Bucket')) {
        expect(
          named(e, 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock', `${b.name}-public-access`)
            .inputs,
        ).toMatchObject({
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        });
        const policy = JSON.parse(
          String(named(e, 'aws:s3/bucketPolicy:BucketPolicy', `${b.name}-policy`).inputs.policy),
        ) as {
          Statement: Record<string, unknown>[];
        };
        expect(policy.Statement).toEqual([
          expect.objectContaining({
            Effect: 'Deny',
            Principal: '*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]);
      }
    }
  });

  it('never maps public IPs on launch and keeps the database private', () => {
    for (const e of [dev, prod]) {
      for (const s of ofType(e, 'aws:ec2/subnet:Subnet')) expect(s.inputs.mapPublicIpOnLaunch).toBe(false);
      expect(ofType(e, 'aws:rds/instance:Instance')[0]!.inputs.publiclyAccessible).toBe(false);
    }
  });
});

describe('lake storage', () => {
  it('versions landing and never expires a current landed object', () => {
    for (const e of [dev, prod]) {
      expect(
        named(e, 'aws:s3/bucketVersioning:BucketVersioning', 'buckets-landing-versioning').inputs
          .versioningConfiguration,
      ).toEqual({
        status: 'Enabled',
      });
      for (const lifecycle of ofType(e, 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration')) {
        for (const rule of lifecycle.inputs.rules as Record<string, unknown>[])
          expect(rule.expiration).toBeUndefined();
      }
    }
  });

  it('keys the Delta lock table by tablePath and fileName with TTL on expireTime and PITR', () => {
    expect(ofType(dev, 'aws:dynamodb/table:Table')[0]!.inputs).toMatchObject({
      name: 'energy-market-dev-delta-log',
      hashKey: 'tablePath',
      rangeKey: 'fileName',
      ttl: { attributeName: 'expireTime', enabled: true },
      pointInTimeRecovery: { enabled: true },
      billingMode: 'PAY_PER_REQUEST',
    });
  });
});

describe('names and tags', () => {
  /** The input that carries a resource's physical name: `name` unless the type names it otherwise. */
  const NAME_KEY: Record<string, string> = {
    'aws:s3/bucket:Bucket': 'bucket',
    'aws:rds/instance:Instance': 'identifier',
    'aws:ecs/taskDefinition:TaskDefinition': 'family',
    'aws:ec2/keyPair:KeyPair': 'keyName',
    'aws:cognito/userPoolDomain:UserPoolDomain': 'domain',
  };
  // Names scoped inside a stack-named parent (a group in the stack's pool, a service in the stack's namespace).
  const SCOPED = new Set(['aws:cognito/userGroup:UserGroup', 'aws:servicediscovery/service:Service']);
  const physicalNames = (e: Evaluation) =>
    e.resources
      .filter((r) => r.custom && !SCOPED.has(r.type))
      .map((r) => r.inputs[NAME_KEY[r.type] ?? 'name'])
      .filter((v): v is string => typeof v === 'string');

  it('derives every physical name from the stack, so dev and prod share none', () => {
    expect(physicalNames(dev).length).toBeGreaterThan(50);
    const devNames = new Set(physicalNames(dev));
    const shared = physicalNames(prod).filter((n) => devNames.has(n));
    expect(shared).toEqual([]);
    for (const n of physicalNames(dev)) expect(n).toMatch(/dev/);
  });

  it('gives every AWS resource a component provider whose default tags name project, stack and component', () => {
    for (const e of [dev, prod]) {
      const providers = ofType(e, 'pulumi:providers:aws');
      for (const p of providers) {
        const tags = (JSON.parse(String(p.inputs.defaultTags)) as { tags: Record<string, string> }).tags;
        expect(tags).toEqual({
          project: 'energy-market',
          stack: e.stack,
          'managed-by': 'pulumi',
          component: p.name.replace(/^aws-/, ''),
        });
        expect(p.inputs.region).toBe('ap-southeast-2');
      }
      const names = new Set(providers.map((p) => p.name));
      for (const r of e.resources.filter((x) => x.custom && x.type.startsWith('aws:')))
        expect(names.has(String(r.provider))).toBe(true);
    }
  });

  it('writes only tag keys and values AWS accepts (letters, digits, spaces and _ . : / = + - @)', () => {
    for (const e of [dev, prod]) {
      const tagSets = e.resources
        .map((r) => r.inputs.tags as Record<string, string> | undefined)
        .concat(
          ofType(e, 'pulumi:providers:aws').map(
            (p) => (JSON.parse(String(p.inputs.defaultTags)) as { tags: Record<string, string> }).tags,
          ),
        )
        .filter((t): t is Record<string, string> => t !== undefined);
      expect(tagSets.length).toBeGreaterThan(20);
      for (const tags of tagSets) {
        for (const [key, value] of Object.entries(tags)) {
          expect(`${key}=${value}`).toMatch(
            /^[\p{L}\p{N}\p{Z}_.:/+\-@]{1,128}=[\p{L}\p{N}\p{Z}_.:/=+\-@]{0,256}$/u,
          );
        }
      }
    }
  });

  it('parents every resource to a component of the energy-market namespace', () => {
    for (const e of [dev, prod]) {
      const orphans = e.resources.filter(
        (r) => r.custom && !r.type.startsWith('pulumi:') && !r.parent?.startsWith('energy-market:'),
      );
      expect(orphans.map((r) => `${r.type}::${r.name}`)).toEqual([]);
    }
  });
});

describe('dev versus prod', () => {
  it('spreads prod over two AZs with a NAT instance each; dev uses one (database subnets span two in both)', () => {
    expect([tier(dev, 'public'), tier(dev, 'private'), tier(dev, 'database')]).toEqual([1, 1, 2]);
    expect([tier(prod, 'public'), tier(prod, 'private'), tier(prod, 'database')]).toEqual([2, 2, 2]);
    expect(count(dev, 'aws:ec2/networkInterface:NetworkInterface')).toBe(1);
    expect(count(prod, 'aws:ec2/networkInterface:NetworkInterface')).toBe(2);
  });

  it('requires MFA in prod and offers it in dev', () => {
    expect(ofType(dev, 'aws:cognito/userPool:UserPool')[0]!.inputs).toMatchObject({
      mfaConfiguration: 'OPTIONAL',
      deletionProtection: 'INACTIVE',
    });
    expect(ofType(prod, 'aws:cognito/userPool:UserPool')[0]!.inputs).toMatchObject({
      mfaConfiguration: 'ON',
      deletionProtection: 'ACTIVE',
    });
  });

  it('runs dev services on Fargate Spot and prod services on demand', () => {
    const providers = (e: Evaluation) =>
      ofType(e, 'aws:ecs/service:Service').map(
        (s) => (s.inputs.capacityProviderStrategies as { capacityProvider: string }[])[0]!.capacityProvider,
      );
    expect(providers(dev)).toEqual(['FARGATE_SPOT', 'FARGATE_SPOT', 'FARGATE_SPOT', 'FARGATE_SPOT']);
    expect(providers(prod)).toEqual(['FARGATE', 'FARGATE', 'FARGATE', 'FARGATE']);
  });

  it('protects prod data: deletion protection, final snapshot, Multi-AZ; dev can be torn down', () => {
    expect(ofType(dev, 'aws:rds/instance:Instance')[0]!.inputs).toMatchObject({
      deletionProtection: false,
      skipFinalSnapshot: true,
      multiAz: false,
    });
    expect(ofType(prod, 'aws:rds/instance:Instance')[0]!.inputs).toMatchObject({
      deletionProtection: true,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: 'energy-market-prod-dagster-final',
      multiAz: true,
    });
    expect(ofType(prod, 'aws:dynamodb/table:Table')[0]!.inputs.deletionProtectionEnabled).toBe(true);
    for (const b of ofType(prod, 'aws:s3/bucket:Bucket')) expect(b.inputs.forceDestroy).toBe(false);
    for (const b of ofType(dev, 'aws:s3/bucket:Bucket')) expect(b.inputs.forceDestroy).toBe(true);
  });

  it('adds interface endpoints with private DNS only where config asks (prod)', () => {
    const interfaces = (e: Evaluation) =>
      ofType(e, 'aws:ec2/vpcEndpoint:VpcEndpoint').filter((v) => v.inputs.vpcEndpointType === 'Interface');
    expect(interfaces(dev)).toEqual([]);
    expect(interfaces(prod).map((v) => [v.inputs.serviceName, v.inputs.privateDnsEnabled])).toEqual(
      ['ecr.api', 'ecr.dkr', 'logs', 'ssm', 'secretsmanager'].map((s) => [
        `com.amazonaws.ap-southeast-2.${s}`,
        true,
      ]),
    );
  });

  it('keeps logs 14 days in dev and 90 in prod, PostgreSQL logs included', () => {
    expect(ofType(prod, 'aws:cloudwatch/logGroup:LogGroup').map((l) => l.inputs.name)).toContain(
      '/aws/rds/instance/energy-market-prod-dagster/postgresql',
    );
    expect(
      new Set(ofType(dev, 'aws:cloudwatch/logGroup:LogGroup').map((l) => l.inputs.retentionInDays)),
    ).toEqual(new Set([14]));
    expect(
      new Set(ofType(prod, 'aws:cloudwatch/logGroup:LogGroup').map((l) => l.inputs.retentionInDays)),
    ).toEqual(new Set([90]));
  });
});

describe('stack outputs', () => {
  it('publish what ops needs: hosts, pinned keys, parameter paths, ECS names, buckets and URLs', () => {
    const o = dev.outputs as Record<string, Record<string, unknown> & string>;
    expect(Object.keys(o).sort()).toEqual(
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
    expect(o.url).toBe('https://dev.energy.example.org');
    expect(o.sshPrivateKeyParameter).toBe('/energy-market/dev/bastion/ssh-private-key');
    expect(o.parameterPath).toBe('/energy-market/dev');
    const bastion = o.bastion as unknown as Record<string, string>;
    expect(bastion.knownHostsLine).toBe(
      `${bastion.publicIp} ${named(dev, 'aws:ssm/parameter:Parameter', 'bastion-host-key-public').inputs.value as string}`,
    );
    expect(String(o.knownHosts).trim().split('\n')).toHaveLength(2);
    expect(o.ecs).toMatchObject({
      clusterName: 'energy-market-dev-dagster',
      services: expect.objectContaining({ daemon: 'energy-market-dev-daemon' }),
    });
  });
});
