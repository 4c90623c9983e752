// Renders an evaluation as a plan: the resource tree with each resource's key inputs (text), or everything with
// secrets redacted (JSON, for machines and PR artifacts). It is an inventory of the desired graph, not a diff.
import type { Evaluation, RecordedResource } from './evaluate';

export const REDACTED = '[secret]';

/** The inputs worth a glance per resource type; other types show their name-like inputs. */
const KEY_INPUTS: Readonly<Record<string, readonly string[]>> = {
  'aws:ec2/vpc:Vpc': ['cidrBlock'],
  'aws:ec2/subnet:Subnet': ['cidrBlock', 'availabilityZone', 'ipv6CidrBlock'],
  'aws:ec2/instance:Instance': ['instanceType', 'ami', 'subnetId', 'associatePublicIpAddress'],
  'aws:ec2/route:Route': [
    'destinationCidrBlock',
    'destinationIpv6CidrBlock',
    'gatewayId',
    'networkInterfaceId',
  ],
  'aws:ec2/securityGroup:SecurityGroup': ['name'],
  'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule': [
    'ipProtocol',
    'fromPort',
    'cidrIpv4',
    'cidrIpv6',
    'referencedSecurityGroupId',
  ],
  'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule': [
    'ipProtocol',
    'fromPort',
    'cidrIpv4',
    'cidrIpv6',
    'referencedSecurityGroupId',
  ],
  'aws:ec2/vpcEndpoint:VpcEndpoint': ['serviceName', 'vpcEndpointType'],
  'aws:rds/instance:Instance': [
    'identifier',
    'engineVersion',
    'instanceClass',
    'multiAz',
    'deletionProtection',
    'storageEncrypted',
  ],
  'aws:s3/bucket:Bucket': ['bucket'],
  'aws:dynamodb/table:Table': ['name', 'hashKey', 'rangeKey'],
  'aws:ecs/service:Service': ['name', 'desiredCount', 'capacityProviderStrategies'],
  'aws:ecs/taskDefinition:TaskDefinition': ['family', 'cpu', 'memory'],
  'aws:ssm/parameter:Parameter': ['name', 'type', 'value'],
  'aws:cognito/userPool:UserPool': ['name', 'mfaConfiguration'],
  'aws:route53/record:Record': ['name', 'type'],
  'docker:index/image:Image': ['imageName'],
  'pulumi:providers:aws': ['region'],
};
const NAME_LIKE = ['name', 'bucket', 'identifier', 'family', 'keyName', 'domain'];

/** Replaces every value that arrived as a secret by `[secret]`. */
export function redactSecrets(resource: RecordedResource): Record<string, unknown> {
  const copy = structuredClone(resource.inputs);
  for (const at of resource.secretPaths) {
    const parts = at.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '');
    let node: Record<string, unknown> | unknown[] = copy;
    for (const part of parts.slice(0, -1))
      node = (node as Record<string, unknown>)[part] as Record<string, unknown>;
    const last = parts[parts.length - 1];
    if (last !== undefined && node && typeof node === 'object')
      (node as Record<string, unknown>)[last] = REDACTED;
  }
  return copy;
}

function show(value: unknown): string {
  if (typeof value === 'string') return value.length > 60 ? `${value.slice(0, 57)}...` : value;
  const json = JSON.stringify(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function keyInputs(resource: RecordedResource): string {
  const inputs = redactSecrets(resource);
  const keys = KEY_INPUTS[resource.type] ?? NAME_LIKE;
  return keys
    .filter((k) => inputs[k] !== undefined && inputs[k] !== '')
    .map((k) => `${k}=${show(inputs[k])}`)
    .join(' ');
}

const idOf = (r: RecordedResource) => `${r.type}::${r.name}`;

export function formatPlanText(evaluation: Evaluation): string {
  const children = new Map<string | undefined, RecordedResource[]>();
  for (const r of evaluation.resources) {
    if (r.type === 'pulumi:pulumi:Stack') continue;
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  const lines = [
    `${evaluation.project} ${evaluation.stack}: ${evaluation.resources.length - 1} resources (offline, mocked)`,
  ];
  const walk = (parent: string | undefined, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      const tag = r.custom ? '' : ' [component]';
      const provider = r.provider ? ` provider=${r.provider}` : '';
      const ignored = r.ignoreChanges.length > 0 ? ` ignoreChanges=${r.ignoreChanges.join(',')}` : '';
      const inputs = keyInputs(r);
      lines.push(
        `${'  '.repeat(depth)}+ ${r.type} ${r.name}${tag}${provider}${ignored}${inputs ? `  ${inputs}` : ''}`,
      );
      walk(idOf(r), depth + 1);
    }
  };
  walk(undefined, 0);
  lines.push('', 'outputs:');
  for (const [key, value] of Object.entries(evaluation.outputs))
    lines.push(`  ${key}: ${JSON.stringify(value)}`);
  return lines.join('\n') + '\n';
}

export function formatPlanJson(evaluation: Evaluation): string {
  return (
    JSON.stringify(
      {
        project: evaluation.project,
        stack: evaluation.stack,
        resources: evaluation.resources.map((r) => ({
          type: r.type,
          name: r.name,
          custom: r.custom,
          parent: r.parent ?? null,
          provider: r.provider ?? null,
          ignoreChanges: r.ignoreChanges,
          inputs: redactSecrets(r),
        })),
        outputs: evaluation.outputs,
      },
      null,
      2,
    ) + '\n'
  );
}
