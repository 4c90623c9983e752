import fc from 'fast-check';
import { ipv6Subnet, planSubnets } from '../../../../infra/src/components/network/subnet-plan';

const toInt = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const range = (cidr: string) => {
  const [ip, prefix] = cidr.split('/') as [string, string];
  const start = toInt(ip);
  return [start, start + 2 ** (32 - Number(prefix)) - 1] as const;
};

describe('planSubnets', () => {
  it('lays out one AZ as public, private and two database subnets', () => {
    expect(planSubnets('10.40.0.0/16', 1)).toEqual([
      { tier: 'public', azIndex: 0, cidr: '10.40.0.0/20', ipv6Index: 0 },
      { tier: 'private', azIndex: 0, cidr: '10.40.64.0/20' },
      { tier: 'database', azIndex: 0, cidr: '10.40.128.0/20' },
      { tier: 'database', azIndex: 1, cidr: '10.40.144.0/20' },
    ]);
  });

  it('gives every AZ its own public and private subnet', () => {
    const plan = planSubnets('10.41.0.0/16', 3);
    expect(plan.filter((s) => s.tier === 'public').map((s) => s.azIndex)).toEqual([0, 1, 2]);
    expect(plan.filter((s) => s.tier === 'database')).toHaveLength(3);
  });

  it('never overlaps and stays inside the VPC range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 16, max: 20 }),
        fc.integer({ min: 1, max: 3 }),
        (second, prefix, azs) => {
          const base = toInt(`10.${second}.0.0`);
          const aligned = base - (base % 2 ** (32 - prefix));
          const vpc = `${[24, 16, 8, 0].map((s) => Math.floor(aligned / 2 ** s) % 256).join('.')}/${prefix}`;
          const [vpcStart, vpcEnd] = range(vpc);
          const ranges = planSubnets(vpc, azs).map((s) => range(s.cidr));
          for (const [start, end] of ranges) expect(start >= vpcStart && end <= vpcEnd).toBe(true);
          const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
          for (let i = 1; i < sorted.length; i++) expect(sorted[i]![0]).toBeGreaterThan(sorted[i - 1]![1]);
        },
      ),
    );
  });
});

describe('ipv6Subnet', () => {
  it('takes the n-th /64 of the VPC /56', () => {
    expect(ipv6Subnet('2406:da1c:f00:e600::/56', 0)).toBe('2406:da1c:f00:e600::/64');
    expect(ipv6Subnet('2406:da1c:f00:e600::/56', 2)).toBe('2406:da1c:f00:e602::/64');
  });

  it('refuses anything but a /56', () => {
    expect(() => ipv6Subnet('2406:da1c:f00:e600::/48', 0)).toThrow(
      'expected an IPv6 /56, got 2406:da1c:f00:e600::/48',
    );
  });
});
