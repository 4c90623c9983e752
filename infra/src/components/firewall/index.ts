// Security groups and every rule between them, created from the table in ./rules so review happens in one place.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { physicalName, type StackIdentity } from '../../naming';
import { planFirewall, ruleName, SECURITY_GROUPS, type SecurityGroupKey } from './rules';

export { planFirewall, PORTS, SECURITY_GROUPS, type FirewallRule, type SecurityGroupKey } from './rules';

export interface FirewallArgs {
  readonly identity: StackIdentity;
  readonly vpcId: pulumi.Input<string>;
  readonly vpcCidr: string;
  readonly adminCidrs: readonly string[];
  readonly hasInterfaceEndpoints: boolean;
}

export class Firewall extends pulumi.ComponentResource {
  readonly securityGroupIds: Readonly<Record<SecurityGroupKey, pulumi.Output<string>>>;

  constructor(name: string, args: FirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    super('energy-market:firewall:Firewall', name, {}, opts);
    const groups = {} as Record<SecurityGroupKey, aws.ec2.SecurityGroup>;
    for (const key of SECURITY_GROUPS) {
      if (key === 'endpoints' && !args.hasInterfaceEndpoints) continue;
      const groupName = physicalName(args.identity, 'sg', key);
      groups[key] = new aws.ec2.SecurityGroup(
        `${name}-${key}`,
        {
          name: groupName,
          description: `${groupName}: rules in infra/src/components/firewall/rules.ts`,
          vpcId: args.vpcId,
        },
        { parent: this },
      );
    }
    for (const rule of planFirewall(args)) {
      const target = groups[rule.group];
      const peer =
        rule.peer.kind === 'group'
          ? { referencedSecurityGroupId: groups[rule.peer.group].id }
          : rule.peer.cidr.includes(':')
            ? { cidrIpv6: rule.peer.cidr }
            : { cidrIpv4: rule.peer.cidr };
      const ruleArgs = {
        securityGroupId: target.id,
        ipProtocol: rule.protocol,
        ...(rule.port === undefined ? {} : { fromPort: rule.port, toPort: rule.port }),
        ...peer,
        description: rule.description,
      };
      const ruleResourceName = `${name}-${ruleName(rule)}`;
      if (rule.direction === 'ingress') {
        new aws.vpc.SecurityGroupIngressRule(ruleResourceName, ruleArgs, { parent: this });
      } else {
        new aws.vpc.SecurityGroupEgressRule(ruleResourceName, ruleArgs, { parent: this });
      }
    }
    this.securityGroupIds = Object.fromEntries(
      Object.entries(groups).map(([key, group]) => [key, group.id]),
    ) as Record<SecurityGroupKey, pulumi.Output<string>>;
    this.registerOutputs({});
  }
}
