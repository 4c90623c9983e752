// The VPC: public, private and database subnets per AZ, fck-nat instances as NAT, gateway endpoints for S3 and
// DynamoDB, optional interface endpoints, and (as a child) the firewall with every security group.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import type { InterfaceEndpointService } from '../../config';
import { physicalName, type StackIdentity } from '../../naming';
import { Firewall, type SecurityGroupKey } from '../firewall';
import { createRejectedFlowLogs } from './flow-logs';
import { createNatInstance, fckNatAmi } from './nat';
import { ipv6Subnet, planSubnets, type SubnetTier } from './subnet-plan';

export { ipv6Subnet, planSubnets, DATABASE_MIN_AZS, type PlannedSubnet } from './subnet-plan';

export interface NetworkArgs {
  readonly identity: StackIdentity;
  readonly region: string;
  readonly vpcCidr: string;
  readonly azCount: number;
  readonly adminCidrs: readonly string[];
  readonly interfaceEndpoints: readonly InterfaceEndpointService[];
  readonly natInstanceType: string;
  /** A pinned AMI; when absent the newest fck-nat AMI is looked up once and later ones are ignored. */
  readonly natAmi?: string;
  readonly accountId: pulumi.Input<string>;
  readonly logRetentionDays: number;
}

export class Network extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  readonly availabilityZones: pulumi.Output<string[]>;
  readonly publicSubnetIds: pulumi.Output<string>[];
  readonly privateSubnetIds: pulumi.Output<string>[];
  readonly databaseSubnetIds: pulumi.Output<string>[];
  readonly securityGroupIds: Firewall['securityGroupIds'];
  readonly natInstanceIds: pulumi.Output<string>[];
  readonly natPublicIps: pulumi.Output<string>[];
  readonly flowLogGroupName: string;

  constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super('energy-market:network:Network', name, {}, opts);
    const child = { parent: this };
    const id = args.identity;

    const zones = aws.getAvailabilityZonesOutput({ state: 'available' }, child);
    this.availabilityZones = zones.names.apply((names) => {
      const needed = Math.max(args.azCount, 2);
      if (names.length < needed) {
        throw new Error(
          `region ${args.region} offers ${names.length} availability zones; the stack needs ${needed}`,
        );
      }
      return names.slice(0, needed);
    });
    const zoneAt = (i: number) => this.availabilityZones.apply((names) => names[i] as string);

    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: args.vpcCidr,
        assignGeneratedIpv6CidrBlock: true,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { Name: physicalName(id, 'vpc') },
      },
      child,
    );
    this.vpcId = vpc.id;

    const firewall = new Firewall(
      `${name}-firewall`,
      {
        identity: id,
        vpcId: vpc.id,
        vpcCidr: args.vpcCidr,
        adminCidrs: args.adminCidrs,
        hasInterfaceEndpoints: args.interfaceEndpoints.length > 0,
      },
      child,
    );
    this.securityGroupIds = firewall.securityGroupIds;

    const subnets: Record<SubnetTier, aws.ec2.Subnet[]> = { public: [], private: [], database: [] };
    for (const planned of planSubnets(args.vpcCidr, args.azCount)) {
      const subnetName = `${planned.tier}-${planned.azIndex + 1}`;
      const isPublic = planned.tier === 'public';
      subnets[planned.tier].push(
        new aws.ec2.Subnet(
          `${name}-${subnetName}`,
          {
            vpcId: vpc.id,
            availabilityZone: zoneAt(planned.azIndex),
            cidrBlock: planned.cidr,
            mapPublicIpOnLaunch: false,
            ...(isPublic && planned.ipv6Index !== undefined
              ? {
                  ipv6CidrBlock: vpc.ipv6CidrBlock.apply((c) => ipv6Subnet(c, planned.ipv6Index as number)),
                  assignIpv6AddressOnCreation: false,
                }
              : {}),
            tags: { Name: physicalName(id, subnetName), tier: planned.tier },
          },
          child,
        ),
      );
    }
    this.publicSubnetIds = subnets.public.map((s) => s.id);
    this.privateSubnetIds = subnets.private.map((s) => s.id);
    this.databaseSubnetIds = subnets.database.map((s) => s.id);

    const igw = new aws.ec2.InternetGateway(
      `${name}-igw`,
      { vpcId: vpc.id, tags: { Name: physicalName(id, 'igw') } },
      child,
    );
    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public-routes`,
      { vpcId: vpc.id, tags: { Name: physicalName(id, 'public') } },
      child,
    );
    new aws.ec2.Route(
      `${name}-public-default-v4`,
      { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: igw.id },
      child,
    );
    new aws.ec2.Route(
      `${name}-public-default-v6`,
      { routeTableId: publicRoutes.id, destinationIpv6CidrBlock: '::/0', gatewayId: igw.id },
      child,
    );
    subnets.public.forEach((subnet, i) => {
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${i + 1}-association`,
        { subnetId: subnet.id, routeTableId: publicRoutes.id },
        child,
      );
    });

    // Database subnets get a route table with only the local route: the database never reaches the internet.
    const databaseRoutes = new aws.ec2.RouteTable(
      `${name}-database-routes`,
      { vpcId: vpc.id, tags: { Name: physicalName(id, 'database') } },
      child,
    );
    subnets.database.forEach((subnet, i) => {
      new aws.ec2.RouteTableAssociation(
        `${name}-database-${i + 1}-association`,
        { subnetId: subnet.id, routeTableId: databaseRoutes.id },
        child,
      );
    });

    const natAmi = fckNatAmi(args.natAmi, child);

    // One fck-nat instance per AZ, each the default route of its AZ's private subnet (no cross-AZ dependency).
    const privateRouteTables: aws.ec2.RouteTable[] = [];
    this.natInstanceIds = [];
    this.natPublicIps = [];
    subnets.private.forEach((subnet, i) => {
      const az = i + 1;
      const nat = createNatInstance(
        `${name}-nat-${az}`,
        {
          identity: id,
          az,
          subnetId: subnets.public[i]!.id,
          securityGroupId: firewall.securityGroupIds.nat,
          ami: natAmi,
          isAmiPinned: args.natAmi !== undefined,
          instanceType: args.natInstanceType,
        },
        this,
      );
      this.natInstanceIds.push(nat.instanceId);
      this.natPublicIps.push(nat.publicIp);

      const routes = new aws.ec2.RouteTable(
        `${name}-private-${az}-routes`,
        { vpcId: vpc.id, tags: { Name: physicalName(id, 'private', String(az)) } },
        child,
      );
      new aws.ec2.Route(
        `${name}-private-${az}-default`,
        {
          routeTableId: routes.id,
          destinationCidrBlock: '0.0.0.0/0',
          networkInterfaceId: nat.networkInterfaceId,
        },
        child,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${az}-association`,
        { subnetId: subnet.id, routeTableId: routes.id },
        child,
      );
      privateRouteTables.push(routes);
    });

    // Gateway endpoints are free and keep lake traffic (S3, DynamoDB) off the NAT instances.
    for (const service of ['s3', 'dynamodb'] as const) {
      new aws.ec2.VpcEndpoint(
        `${name}-${service}-endpoint`,
        {
          vpcId: vpc.id,
          serviceName: `com.amazonaws.${args.region}.${service}`,
          vpcEndpointType: 'Gateway',
          routeTableIds: privateRouteTables.map((t) => t.id),
          tags: { Name: physicalName(id, service) },
        },
        child,
      );
    }

    const endpointGroup = (
      firewall.securityGroupIds as Partial<Record<SecurityGroupKey, pulumi.Output<string>>>
    ).endpoints;
    for (const service of args.interfaceEndpoints) {
      if (!endpointGroup) break;
      new aws.ec2.VpcEndpoint(
        `${name}-${service.replace(/\./g, '-')}-endpoint`,
        {
          vpcId: vpc.id,
          serviceName: `com.amazonaws.${args.region}.${service}`,
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: this.privateSubnetIds,
          securityGroupIds: [endpointGroup],
          tags: { Name: physicalName(id, service.replace(/\./g, '-')) },
        },
        child,
      );
    }

    this.flowLogGroupName = createRejectedFlowLogs(
      `${name}-flow-logs`,
      {
        identity: id,
        region: args.region,
        accountId: args.accountId,
        vpcId: vpc.id,
        retentionDays: args.logRetentionDays,
      },
      this,
    );
    this.registerOutputs({});
  }
}
