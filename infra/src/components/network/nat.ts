// fck-nat (https://fck-nat.dev): a NAT instance on a t4g.nano for a tenth of a NAT gateway's price. The private
// route targets a static ENI (source/destination check off) with its own Elastic IP, so replacing the
// instance never changes routes or the egress address.
import * as aws from '@pulumi/aws';
import type * as pulumi from '@pulumi/pulumi';
import { physicalName, type StackIdentity } from '../../naming';

/** fck-nat's publisher account and AMI name pattern (fck-nat.dev, "Deploying"). */
const FCK_NAT_OWNER = '568608847344';
const FCK_NAT_NAME = 'fck-nat-al2023-*-arm64-ebs';

/** The pinned AMI, or the newest fck-nat arm64 AMI, looked up once (hosts ignore later ones). */
export function fckNatAmi(
  pinned: string | undefined,
  opts: pulumi.InvokeOutputOptions,
): pulumi.Input<string> {
  return (
    pinned ??
    aws.ec2.getAmiOutput(
      {
        owners: [FCK_NAT_OWNER],
        mostRecent: true,
        filters: [
          { name: 'name', values: [FCK_NAT_NAME] },
          { name: 'architecture', values: ['arm64'] },
        ],
      },
      opts,
    ).id
  );
}

export interface NatInstanceArgs {
  readonly identity: StackIdentity;
  /** 1-based AZ number, used in names. */
  readonly az: number;
  readonly subnetId: pulumi.Input<string>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly ami: pulumi.Input<string>;
  readonly isAmiPinned: boolean;
  readonly instanceType: string;
}

export interface NatInstance {
  readonly networkInterfaceId: pulumi.Output<string>;
  readonly instanceId: pulumi.Output<string>;
  readonly publicIp: pulumi.Output<string>;
}

export function createNatInstance(name: string, args: NatInstanceArgs, parent: pulumi.Resource): NatInstance {
  const child = { parent };
  const label = physicalName(args.identity, 'nat', String(args.az));
  const eni = new aws.ec2.NetworkInterface(
    `${name}-eni`,
    {
      subnetId: args.subnetId,
      securityGroups: [args.securityGroupId],
      sourceDestCheck: false,
      description: `${label}: private subnets route through this interface`,
    },
    child,
  );
  const eip = new aws.ec2.Eip(
    `${name}-eip`,
    { domain: 'vpc', networkInterface: eni.id, tags: { Name: label } },
    child,
  );
  const instance = new aws.ec2.Instance(
    name,
    {
      ami: args.ami,
      instanceType: args.instanceType,
      primaryNetworkInterface: { networkInterfaceId: eni.id },
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      rootBlockDevice: { encrypted: true, volumeType: 'gp3', deleteOnTermination: true },
      monitoring: false,
      tags: { Name: label },
    },
    { ...child, ignoreChanges: args.isAmiPinned ? [] : ['ami'] },
  );
  return { networkInterfaceId: eni.id, instanceId: instance.id, publicIp: eip.publicIp };
}
