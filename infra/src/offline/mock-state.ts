// What the mocked AWS, TLS, random and Docker providers answer: deterministic ids, ARNs, addresses and key
// material, shaped like the real providers' outputs that the program reads.
import { createHash } from 'node:crypto';
import type * as pulumi from '@pulumi/pulumi';

export const MOCK_ACCOUNT_ID = '123456789012';
export const MOCK_ZONES = ['ap-southeast-2a', 'ap-southeast-2b', 'ap-southeast-2c'];
export const MOCK_NAT_AMI = 'ami-0f0c0ffee0000a001';
export const MOCK_LINUX_AMI = 'ami-0a12023000000b001';

/** Every mocked private key contains this marker, so tests can find key material wherever it leaked. */
export const MOCK_PRIVATE_KEY_MARKER = 'MOCK-PRIVATE-KEY-MATERIAL';
export const MOCK_SECRET_MARKER = 'MOCK-SECRET-VALUE';

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/** A stable small number per resource name, for addresses. */
function octet(name: string): number {
  return (parseInt(digest(name, 4), 16) % 200) + 10;
}

type State = Record<string, unknown>;

export function mockResourceState(
  args: pulumi.runtime.MockResourceArgs,
  region: string,
): { id: string; state: State } {
  const inputs = args.inputs as State;
  const id = `${args.name}-id`;
  const arnName = typeof inputs.name === 'string' ? inputs.name : args.name;
  const service = args.type.split(':')[1]?.split('/')[0] ?? 'unknown';
  const state: State = {
    ...inputs,
    arn: `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${args.name}/${arnName}`,
  };
  switch (args.type) {
    case 'aws:ec2/vpc:Vpc':
      state.ipv6CidrBlock = '2406:da1c:f00:e600::/56';
      break;
    case 'aws:ec2/eip:Eip':
      state.publicIp = `198.51.100.${octet(args.name)}`;
      break;
    case 'aws:ec2/instance:Instance':
      state.privateIp = `10.0.0.${octet(args.name)}`;
      state.ipv6Addresses = [`2406:da1c:f00:e600::${octet(args.name)}`];
      break;
    case 'aws:ecr/repository:Repository':
      state.repositoryUrl = `${MOCK_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${String(inputs.name)}`;
      state.registryId = MOCK_ACCOUNT_ID;
      state.arn = `arn:aws:ecr:${region}:${MOCK_ACCOUNT_ID}:repository/${String(inputs.name)}`;
      break;
    case 'docker:index/image:Image': {
      const imageName = String(inputs.imageName);
      state.repoDigest = `${imageName.slice(0, imageName.lastIndexOf(':'))}@sha256:${digest(imageName, 64)}`;
      break;
    }
    case 'aws:rds/instance:Instance':
      state.address = `${String(inputs.identifier)}.abcdefghijkl.${region}.rds.amazonaws.com`;
      state.port = 5432;
      state.masterUserSecrets = [
        {
          secretArn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:rds!db-${digest(args.name, 8)}`,
          kmsKeyId: '',
          secretStatus: 'active',
        },
      ];
      break;
    case 'aws:s3/bucket:Bucket':
      state.arn = `arn:aws:s3:::${String(inputs.bucket)}`;
      break;
    case 'aws:iam/role:Role':
      state.arn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${String(inputs.name)}`;
      break;
    case 'aws:ssm/parameter:Parameter':
      state.arn = `arn:aws:ssm:${region}:${MOCK_ACCOUNT_ID}:parameter${String(inputs.name)}`;
      break;
    case 'aws:cloudwatch/logGroup:LogGroup':
      state.arn = `arn:aws:logs:${region}:${MOCK_ACCOUNT_ID}:log-group:${String(inputs.name)}`;
      break;
    case 'aws:dynamodb/table:Table':
      state.arn = `arn:aws:dynamodb:${region}:${MOCK_ACCOUNT_ID}:table/${String(inputs.name)}`;
      break;
    case 'aws:ecs/taskDefinition:TaskDefinition':
      state.arn = `arn:aws:ecs:${region}:${MOCK_ACCOUNT_ID}:task-definition/${String(inputs.family)}:1`;
      break;
    case 'aws:ecs/cluster:Cluster':
      state.arn = `arn:aws:ecs:${region}:${MOCK_ACCOUNT_ID}:cluster/${String(inputs.name)}`;
      break;
    case 'tls:index/privateKey:PrivateKey':
      state.publicKeyOpenssh = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5${digest(args.name, 43)}\n`;
      state.privateKeyOpenssh = `-----BEGIN OPENSSH PRIVATE KEY-----\n${MOCK_PRIVATE_KEY_MARKER}-${args.name}\n-----END OPENSSH PRIVATE KEY-----\n`;
      state.privateKeyPem = state.privateKeyOpenssh;
      break;
    case 'random:index/randomPassword:RandomPassword':
      state.result = `${MOCK_SECRET_MARKER}-${args.name}`;
      break;
    case 'aws:cognito/userPool:UserPool':
      return { id: `${region}_Mock${digest(args.name, 6)}`, state };
  }
  return { id, state };
}

export function mockCall(args: pulumi.runtime.MockCallArgs, region: string): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  switch (args.token) {
    case 'aws:index/getCallerIdentity:getCallerIdentity':
      return {
        accountId: MOCK_ACCOUNT_ID,
        arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/mock`,
        userId: 'MOCK',
        id: MOCK_ACCOUNT_ID,
      };
    case 'aws:index/getAvailabilityZones:getAvailabilityZones':
      return { names: MOCK_ZONES, zoneIds: MOCK_ZONES.map((_, i) => `apse2-az${i + 1}`), id: region };
    case 'aws:ec2/getAmi:getAmi': {
      const owners = (inputs.owners as string[] | undefined) ?? [];
      return {
        ...inputs,
        id: owners.includes('amazon') ? MOCK_LINUX_AMI : MOCK_NAT_AMI,
        architecture: 'arm64',
      };
    }
    case 'aws:ecr/getAuthorizationToken:getAuthorizationToken':
      return {
        userName: 'AWS',
        password: `${MOCK_SECRET_MARKER}-ecr`,
        authorizationToken: 'mock',
        proxyEndpoint: 'https://mock',
        id: 'mock',
      };
    default:
      return inputs;
  }
}
