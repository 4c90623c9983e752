// The bastion: the only SSH entry from outside, reachable from the admin CIDRs alone (rules in firewall/rules.ts).
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { createWorkloadRole } from '../iam/role';
import { physicalName, type StackIdentity } from '../naming';
import { amazonLinuxAmi, amiDriftOptions } from './ami';
import { hostInstanceArgs } from './host-instance';
import { HostKey, installHostKeyScript, scriptHeader } from './ssh';

export interface BastionArgs {
  readonly identity: StackIdentity;
  readonly region: string;
  readonly subnetId: pulumi.Input<string>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly instanceType: string;
  readonly ami?: string;
  readonly keyPairName: pulumi.Input<string>;
}

export class Bastion extends pulumi.ComponentResource {
  readonly instanceId: pulumi.Output<string>;
  readonly publicIp: pulumi.Output<string>;
  readonly ipv6Address: pulumi.Output<string>;
  readonly hostKey: HostKey;
  readonly knownHostsLine: pulumi.Output<string>;

  constructor(name: string, args: BastionArgs, opts?: pulumi.ComponentResourceOptions) {
    super('energy-market:bastion:Bastion', name, {}, opts);
    const child = { parent: this };
    const id = args.identity;
    this.hostKey = new HostKey(`${name}-host-key`, { identity: id, host: 'bastion' }, child);

    const role = createWorkloadRole(
      `${name}-role`,
      {
        roleName: physicalName(id, 'bastion'),
        service: 'ec2.amazonaws.com',
        statements: [
          // SecureStrings use the AWS managed aws/ssm key, whose key policy already allows use via SSM.
          {
            sid: 'ReadOwnHostKey',
            actions: ['ssm:GetParameter'],
            resources: [this.hostKey.privateParameterArn],
          },
        ],
      },
      this,
    );
    const profile = new aws.iam.InstanceProfile(
      `${name}-profile`,
      { name: physicalName(id, 'bastion'), role: role.name },
      child,
    );

    const userData = [
      scriptHeader('Bastion boot: pinned host key, nothing else listens.'),
      installHostKeyScript(this.hostKey.privateParameterName, args.region),
      'dnf -y update --security',
    ].join('\n');

    const instance = new aws.ec2.Instance(
      `${name}-instance`,
      hostInstanceArgs({
        name: physicalName(id, 'bastion'),
        ami: amazonLinuxAmi(args.ami, child),
        instanceType: args.instanceType,
        subnetId: args.subnetId,
        securityGroupId: args.securityGroupId,
        keyPairName: args.keyPairName,
        instanceProfileName: profile.name,
        rootVolumeGiB: 8,
        userData,
      }),
      { ...child, ...amiDriftOptions(args.ami) },
    );
    const eip = new aws.ec2.Eip(
      `${name}-eip`,
      { domain: 'vpc', instance: instance.id, tags: { Name: physicalName(id, 'bastion') } },
      child,
    );

    this.instanceId = instance.id;
    this.publicIp = eip.publicIp;
    this.ipv6Address = instance.ipv6Addresses.apply((a) => a[0] ?? '');
    this.knownHostsLine = this.hostKey.knownHostsLine([eip.publicIp]);
    this.registerOutputs({});
  }
}
