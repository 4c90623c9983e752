// The platform's whole firewall as one reviewable table: every security group and every rule between them.
// Ports: Dagster webserver 3000, Dagster code server gRPC 4000, PostgreSQL 5432 (issue #3).

export const SECURITY_GROUPS = [
  'nat',
  'bastion',
  'caddy',
  'webserver',
  'daemon',
  'codeServer',
  'runWorker',
  'etl',
  'database',
  'endpoints',
] as const;
export type SecurityGroupKey = (typeof SECURITY_GROUPS)[number];

export const PORTS = {
  ssh: 22,
  http: 80,
  https: 443,
  webserver: 3000,
  codeServer: 4000,
  postgres: 5432,
} as const;

export type Peer =
  | { readonly kind: 'cidr'; readonly cidr: string }
  | { readonly kind: 'group'; readonly group: SecurityGroupKey };

export interface FirewallRule {
  readonly group: SecurityGroupKey;
  readonly direction: 'ingress' | 'egress';
  /** `-1` means every protocol (only the NAT instances, which forward the VPC's traffic). */
  readonly protocol: 'tcp' | 'udp' | '-1';
  readonly port?: number;
  readonly peer: Peer;
  readonly description: string;
}

export interface FirewallInputs {
  readonly vpcCidr: string;
  readonly adminCidrs: readonly string[];
  readonly hasInterfaceEndpoints: boolean;
}

const ANY_V4: Peer = { kind: 'cidr', cidr: '0.0.0.0/0' };
const ANY_V6: Peer = { kind: 'cidr', cidr: '::/0' };
const group = (g: SecurityGroupKey): Peer => ({ kind: 'group', group: g });

function tcp(
  g: SecurityGroupKey,
  direction: FirewallRule['direction'],
  port: number,
  peer: Peer,
  description: string,
): FirewallRule {
  return { group: g, direction, protocol: 'tcp', port, peer, description };
}

/** Every rule, derived from the stack's CIDRs. Security groups start with no rules at all (not even egress). */
export function planFirewall(inputs: FirewallInputs): FirewallRule[] {
  const vpc: Peer = { kind: 'cidr', cidr: inputs.vpcCidr };
  const rules: FirewallRule[] = [
    {
      group: 'nat',
      direction: 'ingress',
      protocol: '-1',
      peer: vpc,
      description: 'forward traffic from the VPC',
    },
    { group: 'nat', direction: 'egress', protocol: '-1', peer: ANY_V4, description: 'NAT to the internet' },

    ...inputs.adminCidrs.map((cidr) =>
      tcp('bastion', 'ingress', PORTS.ssh, { kind: 'cidr', cidr }, 'SSH from an admin range'),
    ),
    tcp('bastion', 'egress', PORTS.ssh, group('caddy'), 'SSH jump to the Caddy host'),
    tcp('bastion', 'egress', PORTS.https, ANY_V4, 'SSM and package repositories'),
    tcp('bastion', 'egress', PORTS.https, ANY_V6, 'SSM and package repositories over IPv6'),

    tcp('caddy', 'ingress', PORTS.http, ANY_V4, 'HTTP (ACME challenge, redirect to HTTPS)'),
    tcp('caddy', 'ingress', PORTS.http, ANY_V6, 'HTTP over IPv6'),
    tcp('caddy', 'ingress', PORTS.https, ANY_V4, 'HTTPS'),
    tcp('caddy', 'ingress', PORTS.https, ANY_V6, 'HTTPS over IPv6'),
    {
      group: 'caddy',
      direction: 'ingress',
      protocol: 'udp',
      port: PORTS.https,
      peer: ANY_V4,
      description: 'HTTP/3',
    },
    {
      group: 'caddy',
      direction: 'ingress',
      protocol: 'udp',
      port: PORTS.https,
      peer: ANY_V6,
      description: 'HTTP/3 over IPv6',
    },
    tcp('caddy', 'ingress', PORTS.ssh, group('bastion'), 'SSH from the bastion only'),
    tcp('caddy', 'egress', PORTS.webserver, group('webserver'), 'proxy to the Dagster webservers'),
    tcp('caddy', 'egress', PORTS.https, ANY_V4, 'ACME, ECR, Cognito, SSM'),
    tcp('caddy', 'egress', PORTS.https, ANY_V6, 'ACME and Cognito over IPv6'),
    tcp('caddy', 'egress', PORTS.http, ANY_V4, 'OCSP responders'),

    tcp('webserver', 'ingress', PORTS.webserver, group('caddy'), 'from Caddy'),
    tcp('webserver', 'egress', PORTS.postgres, group('database'), 'Dagster storage'),
    tcp('webserver', 'egress', PORTS.codeServer, group('codeServer'), 'code location gRPC'),
    tcp('webserver', 'egress', PORTS.https, ANY_V4, 'ECR, logs, ECS API'),

    tcp('daemon', 'egress', PORTS.postgres, group('database'), 'Dagster storage'),
    tcp('daemon', 'egress', PORTS.codeServer, group('codeServer'), 'code location gRPC'),
    tcp('daemon', 'egress', PORTS.https, ANY_V4, 'ECR, logs, ECS API (run launcher)'),

    tcp('codeServer', 'ingress', PORTS.codeServer, group('webserver'), 'gRPC from the webservers'),
    tcp('codeServer', 'ingress', PORTS.codeServer, group('daemon'), 'gRPC from the daemon'),
    tcp('codeServer', 'ingress', PORTS.codeServer, group('runWorker'), 'gRPC from run workers'),
    tcp('codeServer', 'egress', PORTS.https, ANY_V4, 'ECR and logs'),

    tcp('runWorker', 'egress', PORTS.postgres, group('database'), 'Dagster storage'),
    tcp('runWorker', 'egress', PORTS.codeServer, group('codeServer'), 'code location gRPC'),
    tcp('runWorker', 'egress', PORTS.https, ANY_V4, 'ECS API (Pipes launches etl), logs'),

    tcp('etl', 'egress', PORTS.https, ANY_V4, 'NEMWeb, S3, DynamoDB, logs'),

    tcp('database', 'ingress', PORTS.postgres, group('webserver'), 'from the Dagster webservers'),
    tcp('database', 'ingress', PORTS.postgres, group('daemon'), 'from the Dagster daemon'),
    tcp('database', 'ingress', PORTS.postgres, group('runWorker'), 'from Dagster run workers'),
  ];
  if (inputs.hasInterfaceEndpoints) {
    rules.push(tcp('endpoints', 'ingress', PORTS.https, vpc, 'interface endpoints from the VPC'));
  }
  return rules;
}

/** A stable, readable resource name for a rule, e.g. `caddy-in-tcp443-v6-any`. */
export function ruleName(rule: FirewallRule): string {
  const dir = rule.direction === 'ingress' ? 'in' : 'out';
  const port = rule.protocol === '-1' ? 'all' : `${rule.protocol}${rule.port}`;
  const peer =
    rule.peer.kind === 'group'
      ? `sg-${rule.peer.group}`
      : rule.peer.cidr === '0.0.0.0/0'
        ? 'v4-any'
        : rule.peer.cidr === '::/0'
          ? 'v6-any'
          : rule.peer.cidr.replace(/[^0-9a-f]+/gi, '-').replace(/-+$/, '');
  return `${rule.group}-${dir}-${port}-${peer}`;
}
