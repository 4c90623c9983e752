// Every security group rule by port and source, and where every host, task and the database sits, for both
// stacks, read from the real program evaluated under mocks.
import { evaluateStack, type Evaluation } from '../../../infra/src/offline/evaluate';
import { byId, named, ofType } from '../support';

let dev: Evaluation;
let prod: Evaluation;

beforeAll(async () => {
  dev = await evaluateStack('dev');
  prod = await evaluateStack('prod');
});

const SG = 'aws:ec2/securityGroup:SecurityGroup';
const INGRESS = 'aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule';
const EGRESS = 'aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule';

const groupKey = (e: Evaluation, id: unknown) => byId(e, SG, id).name.replace('network-firewall-', '');

/** `caddy ingress tcp/443 from 0.0.0.0/0`, one line per rule resource. */
function ruleLines(e: Evaluation): string[] {
  return [...ofType(e, INGRESS), ...ofType(e, EGRESS)]
    .map((r) => {
      const i = r.inputs;
      const dir = r.type === INGRESS ? 'ingress' : 'egress';
      const port = i.ipProtocol === '-1' ? 'all' : `${String(i.ipProtocol)}/${String(i.fromPort)}`;
      if (i.ipProtocol !== '-1') expect(i.toPort).toBe(i.fromPort);
      const peer = i.referencedSecurityGroupId
        ? `sg:${groupKey(e, i.referencedSecurityGroupId)}`
        : String(i.cidrIpv4 ?? i.cidrIpv6);
      return `${groupKey(e, i.securityGroupId)} ${dir} ${port} ${dir === 'ingress' ? 'from' : 'to'} ${peer}`;
    })
    .sort();
}

const commonRules = [
  'bastion egress tcp/22 to sg:caddy',
  'bastion egress tcp/443 to 0.0.0.0/0',
  'bastion egress tcp/443 to ::/0',
  'bastion ingress tcp/22 from 2001:db8::/32',
  'bastion ingress tcp/22 from 203.0.113.0/24',
  'caddy egress tcp/3000 to sg:webserver',
  'caddy egress tcp/443 to 0.0.0.0/0',
  'caddy egress tcp/443 to ::/0',
  'caddy egress tcp/80 to 0.0.0.0/0',
  'caddy ingress tcp/22 from sg:bastion',
  'caddy ingress tcp/443 from 0.0.0.0/0',
  'caddy ingress tcp/443 from ::/0',
  'caddy ingress tcp/80 from 0.0.0.0/0',
  'caddy ingress tcp/80 from ::/0',
  'caddy ingress udp/443 from 0.0.0.0/0',
  'caddy ingress udp/443 from ::/0',
  'codeServer egress tcp/443 to 0.0.0.0/0',
  'codeServer ingress tcp/4000 from sg:daemon',
  'codeServer ingress tcp/4000 from sg:runWorker',
  'codeServer ingress tcp/4000 from sg:webserver',
  'daemon egress tcp/4000 to sg:codeServer',
  'daemon egress tcp/443 to 0.0.0.0/0',
  'daemon egress tcp/5432 to sg:database',
  'database ingress tcp/5432 from sg:daemon',
  'database ingress tcp/5432 from sg:runWorker',
  'database ingress tcp/5432 from sg:webserver',
  'etl egress tcp/443 to 0.0.0.0/0',
  'nat egress all to 0.0.0.0/0',
  'runWorker egress tcp/4000 to sg:codeServer',
  'runWorker egress tcp/443 to 0.0.0.0/0',
  'runWorker egress tcp/5432 to sg:database',
  'webserver egress tcp/4000 to sg:codeServer',
  'webserver egress tcp/443 to 0.0.0.0/0',
  'webserver egress tcp/5432 to sg:database',
  'webserver ingress tcp/3000 from sg:caddy',
];

describe('security group rules', () => {
  it('dev has exactly the reviewed rules, NAT open to its own VPC range only', () => {
    expect(ruleLines(dev)).toEqual([...commonRules, 'nat ingress all from 10.40.0.0/16'].sort());
  });

  it('prod has the same rules for its range, plus HTTPS to the interface endpoints from the VPC', () => {
    expect(ruleLines(prod)).toEqual(
      [
        ...commonRules,
        'nat ingress all from 10.41.0.0/16',
        'endpoints ingress tcp/443 from 10.41.0.0/16',
      ].sort(),
    );
  });

  it('opens nothing but Caddy HTTP(S) to the whole internet', () => {
    for (const e of [dev, prod]) {
      const open = ruleLines(e).filter(
        (l) => l.includes(' ingress ') && /from (0\.0\.0\.0\/0|::\/0)$/.test(l),
      );
      expect(open.every((l) => l.startsWith('caddy ingress ') && /(tcp|udp)\/(80|443) /.test(l))).toBe(true);
    }
  });

  it('allows SSH only from the admin ranges (bastion) and from the bastion (Caddy host)', () => {
    for (const e of [dev, prod]) {
      const ssh = ruleLines(e).filter((l) => l.includes(' ingress tcp/22 '));
      expect(ssh).toEqual([
        'bastion ingress tcp/22 from 2001:db8::/32',
        'bastion ingress tcp/22 from 203.0.113.0/24',
        'caddy ingress tcp/22 from sg:bastion',
      ]);
    }
  });

  it('describes every group and rule and creates groups without inline rules', () => {
    for (const e of [dev, prod]) {
      for (const g of ofType(e, SG)) {
        expect(g.inputs.ingress ?? []).toEqual([]);
        expect(g.inputs.egress ?? []).toEqual([]);
      }
      for (const r of [...ofType(e, INGRESS), ...ofType(e, EGRESS)])
        expect(r.inputs.description).toEqual(expect.any(String));
    }
  });
});

const SUBNET = 'aws:ec2/subnet:Subnet';
const tierOf = (e: Evaluation, subnetId: unknown) =>
  (byId(e, SUBNET, subnetId).inputs.tags as Record<string, string>).tier;

describe('placement', () => {
  it('puts the bastion and the Caddy host in a public subnet with their own security group', () => {
    for (const e of [dev, prod]) {
      for (const host of ['bastion', 'caddy']) {
        const instance = named(e, 'aws:ec2/instance:Instance', `${host}-instance`);
        expect(tierOf(e, instance.inputs.subnetId)).toBe('public');
        expect((instance.inputs.vpcSecurityGroupIds as string[]).map((id) => groupKey(e, id))).toEqual([
          host,
        ]);
        expect(instance.inputs.associatePublicIpAddress).toBeUndefined();
      }
    }
  });

  it('runs every ECS service in private subnets without public IPs', () => {
    for (const e of [dev, prod]) {
      const services = ofType(e, 'aws:ecs/service:Service');
      expect(services).toHaveLength(4);
      for (const s of services) {
        const network = s.inputs.networkConfiguration as {
          subnets: string[];
          assignPublicIp: boolean;
          securityGroups: string[];
        };
        expect(network.assignPublicIp).toBe(false);
        expect(network.subnets.map((id) => tierOf(e, id))).toEqual(network.subnets.map(() => 'private'));
      }
    }
  });

  it('keeps the database in database subnets over two AZs, with no route out of the VPC', () => {
    for (const e of [dev, prod]) {
      const group = ofType(e, 'aws:rds/subnetGroup:SubnetGroup')[0]!;
      const subnetIds = group.inputs.subnetIds as string[];
      expect(subnetIds.map((id) => tierOf(e, id))).toEqual(['database', 'database']);
      expect(new Set(subnetIds.map((id) => byId(e, SUBNET, id).inputs.availabilityZone)).size).toBe(2);
      const db = ofType(e, 'aws:rds/instance:Instance')[0]!;
      expect(db.inputs.publiclyAccessible).toBe(false);
      expect((db.inputs.vpcSecurityGroupIds as string[]).map((id) => groupKey(e, id))).toEqual(['database']);
      const routes = ofType(e, 'aws:ec2/route:Route').filter(
        (r) => r.inputs.routeTableId === 'network-database-routes-id',
      );
      expect(routes).toEqual([]);
    }
  });

  it('routes each private subnet through the fck-nat interface of its own AZ', () => {
    for (const e of [dev, prod]) {
      const privateSubnets = ofType(e, SUBNET).filter(
        (s) => (s.inputs.tags as Record<string, string>).tier === 'private',
      );
      privateSubnets.forEach((_, i) => {
        const route = named(e, 'aws:ec2/route:Route', `network-private-${i + 1}-default`);
        expect(route.inputs).toMatchObject({
          destinationCidrBlock: '0.0.0.0/0',
          networkInterfaceId: `network-nat-${i + 1}-eni-id`,
        });
        const eni = named(e, 'aws:ec2/networkInterface:NetworkInterface', `network-nat-${i + 1}-eni`);
        expect(eni.inputs.sourceDestCheck).toBe(false);
        expect(tierOf(e, eni.inputs.subnetId)).toBe('public');
        expect(byId(e, SUBNET, eni.inputs.subnetId).inputs.availabilityZone).toBe(
          privateSubnets[i]!.inputs.availabilityZone,
        );
      });
    }
  });

  it('runs fck-nat on arm64 t4g.nano with IMDSv2', () => {
    const nat = named(dev, 'aws:ec2/instance:Instance', 'network-nat-1');
    expect(nat.inputs).toMatchObject({ instanceType: 't4g.nano', ami: 'ami-0f0c0ffee0000a001' });
    expect(nat.inputs.metadataOptions).toMatchObject({ httpTokens: 'required' });
  });

  it('adds S3 and DynamoDB gateway endpoints on the private route tables', () => {
    for (const e of [dev, prod]) {
      const gateways = ofType(e, 'aws:ec2/vpcEndpoint:VpcEndpoint').filter(
        (v) => v.inputs.vpcEndpointType === 'Gateway',
      );
      expect(gateways.map((g) => g.inputs.serviceName).sort()).toEqual([
        'com.amazonaws.ap-southeast-2.dynamodb',
        'com.amazonaws.ap-southeast-2.s3',
      ]);
      for (const g of gateways)
        expect((g.inputs.routeTableIds as string[]).every((id) => id.includes('private'))).toBe(true);
    }
  });
});

describe('flow logs', () => {
  it('records rejected traffic of the whole VPC in a log group with the stack retention', () => {
    for (const e of [dev, prod]) {
      expect(ofType(e, 'aws:ec2/flowLog:FlowLog').map((f) => f.inputs)).toEqual([
        expect.objectContaining({
          vpcId: 'network-vpc-id',
          trafficType: 'REJECT',
          logDestinationType: 'cloud-watch-logs',
          logDestination: `arn:aws:logs:ap-southeast-2:123456789012:log-group:/energy-market/${e.stack}/vpc/rejected`,
          iamRoleArn: `arn:aws:iam::123456789012:role/energy-market-${e.stack}-flow-logs`,
        }),
      ]);
    }
  });
});

describe('AMI drift', () => {
  const amis = (e: Evaluation) =>
    ofType(e, 'aws:ec2/instance:Instance')
      .map((i) => [i.name, i.inputs.ami, i.ignoreChanges])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  it('looks AMIs up once and ignores later ones, so a new AMI never replaces a running host', () => {
    expect(amis(prod)).toEqual([
      ['bastion-instance', 'ami-0a12023000000b001', ['ami']],
      ['caddy-instance', 'ami-0a12023000000b001', ['ami']],
      ['network-nat-1', 'ami-0f0c0ffee0000a001', ['ami']],
      ['network-nat-2', 'ami-0f0c0ffee0000a001', ['ami']],
    ]);
  });

  it('uses pinned AMIs as given, and then follows them', async () => {
    const pinned = await evaluateStack('dev', {
      configOverrides: {
        'energy-market:amis': JSON.stringify({
          nat: 'ami-00000000000000001',
          bastion: 'ami-00000000000000002',
          caddy: 'ami-00000000000000003',
        }),
      },
    });
    expect(amis(pinned)).toEqual([
      ['bastion-instance', 'ami-00000000000000002', []],
      ['caddy-instance', 'ami-00000000000000003', []],
      ['network-nat-1', 'ami-00000000000000001', []],
    ]);
  });
});

describe('hosts', () => {
  it('requires IMDSv2 and encrypts the root volume of every instance', () => {
    for (const e of [dev, prod]) {
      for (const instance of ofType(e, 'aws:ec2/instance:Instance')) {
        expect(instance.inputs.metadataOptions).toMatchObject({
          httpTokens: 'required',
          httpPutResponseHopLimit: 1,
        });
        expect(instance.inputs.rootBlockDevice).toMatchObject({ encrypted: true });
      }
    }
  });

  it('gives the bastion and the Caddy host an Elastic IP each', () => {
    for (const host of ['bastion', 'caddy']) {
      expect(named(dev, 'aws:ec2/eip:Eip', `${host}-eip`).inputs).toMatchObject({
        domain: 'vpc',
        instance: `${host}-instance-id`,
      });
    }
  });

  it('keeps Caddy certificates on an encrypted volume in the host AZ and points A and AAAA records at the host', () => {
    const volume = named(dev, 'aws:ebs/volume:Volume', 'caddy-certificates');
    expect(volume.inputs).toMatchObject({ encrypted: true, availabilityZone: 'ap-southeast-2a', size: 1 });
    expect(
      named(dev, 'aws:ec2/volumeAttachment:VolumeAttachment', 'caddy-certificates-attachment').inputs,
    ).toMatchObject({
      volumeId: 'caddy-certificates-id',
      instanceId: 'caddy-instance-id',
    });
    const records = ofType(dev, 'aws:route53/record:Record')
      .map((r) => [r.inputs.type, r.inputs.name, r.inputs.zoneId, r.inputs.records])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    const caddy = dev.outputs.caddy as { publicIp: string };
    const caddyInstance = named(dev, 'aws:ec2/instance:Instance', 'caddy-instance');
    expect(caddyInstance.inputs.ipv6AddressCount).toBe(1);
    expect(records).toEqual([
      ['A', 'dev.energy.example.org', 'Z00000000000000000000', [caddy.publicIp]],
      ['AAAA', 'dev.energy.example.org', 'Z00000000000000000000', [expect.stringMatching(/^2406:/)]],
    ]);
  });

  it('points Caddy at the Dagster webservers by Cloud Map name, never by address', () => {
    const userData = String(named(dev, 'aws:ec2/instance:Instance', 'caddy-instance').inputs.userData);
    expect(userData).toContain('DAGSTER_ADMIN_HOST=webserver-admin.dev.energy-market.internal');
    expect(userData).toContain('DAGSTER_READONLY_HOST=webserver-readonly.dev.energy-market.internal');
    expect(userData).not.toMatch(/DAGSTER_[A-Z_]+=\d+\.\d+\.\d+\.\d+/);
  });
});
