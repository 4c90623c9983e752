// Carves the VPC range into public, private and database subnets: pure, so the layout is tested without Pulumi.
// Each tier gets blocks of the VPC prefix + 4 (a /16 gives /20 subnets, 4,091 usable addresses each).

export type SubnetTier = 'public' | 'private' | 'database';

export interface PlannedSubnet {
  readonly tier: SubnetTier;
  /** Index into the availability zones the stack uses. */
  readonly azIndex: number;
  readonly cidr: string;
  /** Index of the /64 carved from the VPC's /56 (public subnets only: hosts there are reachable over IPv6). */
  readonly ipv6Index?: number;
}

const TIER_OFFSET: Record<SubnetTier, number> = { public: 0, private: 4, database: 8 };

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function intToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/** The database tier always spans two AZs: an RDS subnet group needs two even for a single-AZ stack. */
export const DATABASE_MIN_AZS = 2;

export function planSubnets(vpcCidr: string, azCount: number): PlannedSubnet[] {
  const [base, prefixText] = vpcCidr.split('/') as [string, string];
  const prefix = Number(prefixText);
  const subnetPrefix = prefix + 4;
  const blockSize = 2 ** (32 - subnetPrefix);
  const start = ipv4ToInt(base);
  const cidrAt = (block: number) => `${intToIpv4(start + block * blockSize)}/${subnetPrefix}`;
  const subnets: PlannedSubnet[] = [];
  for (let az = 0; az < azCount; az++) {
    subnets.push({ tier: 'public', azIndex: az, cidr: cidrAt(TIER_OFFSET.public + az), ipv6Index: az });
    subnets.push({ tier: 'private', azIndex: az, cidr: cidrAt(TIER_OFFSET.private + az) });
  }
  for (let az = 0; az < Math.max(azCount, DATABASE_MIN_AZS); az++) {
    subnets.push({ tier: 'database', azIndex: az, cidr: cidrAt(TIER_OFFSET.database + az) });
  }
  return subnets;
}

/** The `index`-th /64 of an Amazon-provided /56, e.g. `2406:da1c:a:b00::/56`, 1 → `2406:da1c:a:b01::/64`. */
export function ipv6Subnet(vpcIpv6Cidr: string, index: number): string {
  const [address, prefix] = vpcIpv6Cidr.split('/');
  if (prefix !== '56' || !address) throw new Error(`expected an IPv6 /56, got ${vpcIpv6Cidr}`);
  const head = address.split('::')[0] ?? '';
  const groups = head.split(':');
  while (groups.length < 4) groups.push('0');
  const fourth = parseInt(groups[3] ?? '0', 16);
  groups[3] = ((fourth & 0xff00) | index).toString(16);
  return `${groups.slice(0, 4).join(':')}::/64`;
}
