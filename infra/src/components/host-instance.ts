// What our hosts in a public subnet share (the bastion and the Caddy edge): an IPv6 address, IMDSv2 only with a
// hop limit of 1 (containers on the host cannot reach the instance role), an encrypted gp3 root volume, and user
// data applied at first boot only, so editing it never replaces a running host.
import type * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';

export interface HostInstanceArgs {
  /** The `Name` tag. */
  readonly name: string;
  readonly ami: pulumi.Input<string>;
  readonly instanceType: string;
  readonly subnetId: pulumi.Input<string>;
  /** Pinned when the host must stay beside an EBS volume in that zone. */
  readonly availabilityZone?: pulumi.Input<string>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly keyPairName: pulumi.Input<string>;
  readonly instanceProfileName: pulumi.Input<string>;
  readonly rootVolumeGiB: number;
  readonly userData: pulumi.Input<string>;
}

export function hostInstanceArgs(args: HostInstanceArgs): aws.ec2.InstanceArgs {
  return {
    ami: args.ami,
    instanceType: args.instanceType,
    subnetId: args.subnetId,
    ...(args.availabilityZone === undefined ? {} : { availabilityZone: args.availabilityZone }),
    vpcSecurityGroupIds: [args.securityGroupId],
    keyName: args.keyPairName,
    iamInstanceProfile: args.instanceProfileName,
    ipv6AddressCount: 1,
    metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
    rootBlockDevice: {
      encrypted: true,
      volumeType: 'gp3',
      volumeSize: args.rootVolumeGiB,
      deleteOnTermination: true,
    },
    userData: args.userData,
    userDataReplaceOnChange: false,
    tags: { Name: args.name },
  };
}
