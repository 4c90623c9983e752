// The public edge: Caddy (TLS, HTTP/3) in front of the auth service and the Dagster webservers, on one small
// host with an Elastic IP, a DNS record for the domain, and its certificates on their own EBS volume.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import * as random from '@pulumi/random';
import { createWorkloadRole } from '../../iam/role';
import { parameterPath, physicalName, type StackIdentity } from '../../naming';
import { amazonLinuxAmi, amiDriftOptions } from '../ami';
import { hostInstanceArgs } from '../host-instance';
import { HostKey } from '../ssh';
import { renderCaddyUserData } from './user-data';

export {
  renderCaddyUserData,
  CERTIFICATE_MOUNT,
  CONTAINER_NETWORK,
  type CaddyUserDataInput,
} from './user-data';

export interface PublishedImage {
  readonly repositoryArn: pulumi.Input<string>;
  readonly parameterName: string;
  readonly parameterArn: pulumi.Input<string>;
}

export interface CaddyHostArgs {
  readonly identity: StackIdentity;
  readonly region: string;
  readonly subnetId: pulumi.Input<string>;
  readonly availabilityZone: pulumi.Input<string>;
  readonly securityGroupId: pulumi.Input<string>;
  readonly instanceType: string;
  readonly ami?: string;
  readonly keyPairName: pulumi.Input<string>;
  readonly domain: string;
  readonly hostedZoneId: string;
  readonly acmeEmail: string;
  readonly certificateVolumeGiB: number;
  readonly registry: pulumi.Input<string>;
  readonly caddyImage: PublishedImage;
  readonly authImage: PublishedImage;
  /** Cloud Map names of the Dagster webservers, resolved by Caddy at request time (never a pinned IP). */
  readonly dagsterAdminHost: pulumi.Input<string>;
  readonly dagsterReadOnlyHost: pulumi.Input<string>;
  readonly dagsterPort: number;
  readonly cognito: {
    readonly issuerUrl: pulumi.Input<string>;
    readonly clientId: pulumi.Input<string>;
    readonly hostedUiDomain: pulumi.Input<string>;
  };
}

export class CaddyHost extends pulumi.ComponentResource {
  readonly instanceId: pulumi.Output<string>;
  readonly publicIp: pulumi.Output<string>;
  readonly privateIp: pulumi.Output<string>;
  readonly url: string;
  readonly hostKey: HostKey;
  readonly knownHostsLine: pulumi.Output<string>;
  readonly cookieSecretParameterName: string;
  readonly certificateVolumeId: pulumi.Output<string>;

  constructor(name: string, args: CaddyHostArgs, opts?: pulumi.ComponentResourceOptions) {
    super('energy-market:caddy-host:CaddyHost', name, {}, opts);
    const child = { parent: this };
    const id = args.identity;
    this.url = `https://${args.domain}`;
    this.hostKey = new HostKey(`${name}-host-key`, { identity: id, host: 'caddy' }, child);

    this.cookieSecretParameterName = parameterPath(id, 'auth', 'cookie-secret');
    const cookieSecret = new random.RandomPassword(
      `${name}-cookie-secret`,
      { length: 64, special: false },
      child,
    );
    const cookieParameter = new aws.ssm.Parameter(
      `${name}-cookie-secret`,
      {
        name: this.cookieSecretParameterName,
        type: 'SecureString',
        value: pulumi.secret(cookieSecret.result),
        description: 'Key that seals the auth service cookies; read by the Caddy host role at unit start',
      },
      child,
    );

    const role = createWorkloadRole(
      `${name}-role`,
      {
        roleName: physicalName(id, 'caddy'),
        service: 'ec2.amazonaws.com',
        statements: [
          {
            sid: 'ReadOwnParameters',
            actions: ['ssm:GetParameter'],
            resources: [
              this.hostKey.privateParameterArn,
              cookieParameter.arn,
              args.caddyImage.parameterArn,
              args.authImage.parameterArn,
            ],
          },
          { sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
          {
            sid: 'PullEdgeImages',
            actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
            resources: [args.caddyImage.repositoryArn, args.authImage.repositoryArn],
          },
        ],
      },
      this,
    );
    const profile = new aws.iam.InstanceProfile(
      `${name}-profile`,
      { name: physicalName(id, 'caddy'), role: role.name },
      child,
    );

    const volume = new aws.ebs.Volume(
      `${name}-certificates`,
      {
        availabilityZone: args.availabilityZone,
        size: args.certificateVolumeGiB,
        type: 'gp3',
        encrypted: true,
        tags: { Name: physicalName(id, 'caddy-certificates') },
      },
      child,
    );
    this.certificateVolumeId = volume.id;

    const userData = pulumi
      .all([
        volume.id,
        args.registry,
        args.dagsterAdminHost,
        args.dagsterReadOnlyHost,
        args.cognito.issuerUrl,
        args.cognito.clientId,
        args.cognito.hostedUiDomain,
      ])
      .apply(([volumeId, registry, adminHost, readOnlyHost, issuerUrl, clientId, hostedUiDomain]) =>
        renderCaddyUserData({
          region: args.region,
          hostKeyParameter: this.hostKey.privateParameterName,
          certificateVolumeId: volumeId,
          registry,
          caddyImageParameter: args.caddyImage.parameterName,
          authImageParameter: args.authImage.parameterName,
          cookieSecretParameter: this.cookieSecretParameterName,
          caddyEnvironment: {
            SITE_ADDRESS: args.domain,
            ACME_EMAIL: args.acmeEmail,
            AUTH_UPSTREAM: 'auth:8081',
            DAGSTER_ADMIN_HOST: adminHost,
            DAGSTER_READONLY_HOST: readOnlyHost,
            DAGSTER_PORT: String(args.dagsterPort),
          },
          authEnvironment: {
            // Reachable only on the containers' bridge network (no published port).
            AUTH_LISTEN: '0.0.0.0:8081',
            AUTH_PUBLIC_URL: this.url,
            AUTH_ISSUER_URL: issuerUrl,
            AUTH_CLIENT_ID: clientId,
            AUTH_COGNITO_DOMAIN: `https://${hostedUiDomain}`,
          },
        }),
      );

    const instance = new aws.ec2.Instance(
      `${name}-instance`,
      hostInstanceArgs({
        name: physicalName(id, 'caddy'),
        ami: amazonLinuxAmi(args.ami, child),
        instanceType: args.instanceType,
        subnetId: args.subnetId,
        availabilityZone: args.availabilityZone,
        securityGroupId: args.securityGroupId,
        keyPairName: args.keyPairName,
        instanceProfileName: profile.name,
        rootVolumeGiB: 16,
        userData,
      }),
      { ...child, ...amiDriftOptions(args.ami) },
    );
    new aws.ec2.VolumeAttachment(
      `${name}-certificates-attachment`,
      { deviceName: '/dev/sdf', volumeId: volume.id, instanceId: instance.id },
      child,
    );
    const eip = new aws.ec2.Eip(
      `${name}-eip`,
      { domain: 'vpc', instance: instance.id, tags: { Name: physicalName(id, 'caddy') } },
      child,
    );

    new aws.route53.Record(
      `${name}-a`,
      { zoneId: args.hostedZoneId, name: args.domain, type: 'A', ttl: 300, records: [eip.publicIp] },
      child,
    );
    new aws.route53.Record(
      `${name}-aaaa`,
      {
        zoneId: args.hostedZoneId,
        name: args.domain,
        type: 'AAAA',
        ttl: 300,
        records: [instance.ipv6Addresses.apply((a) => a[0] as string)],
      },
      child,
    );

    this.instanceId = instance.id;
    this.publicIp = eip.publicIp;
    this.privateIp = instance.privateIp;
    // ops reaches this host through the bastion, by its private address.
    this.knownHostsLine = this.hostKey.knownHostsLine([instance.privateIp]);
    this.registerOutputs({});
  }
}
