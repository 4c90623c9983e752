import { planFirewall, ruleName } from '../../../../infra/src/components/firewall/rules';

const inputs = {
  vpcCidr: '10.40.0.0/16',
  adminCidrs: ['203.0.113.0/24', '2001:db8::/32'],
  hasInterfaceEndpoints: false,
};

describe('planFirewall', () => {
  it('opens SSH on the bastion once per admin range and nowhere else from outside', () => {
    const ssh = planFirewall(inputs).filter((r) => r.direction === 'ingress' && r.port === 22);
    expect(ssh.map((r) => [r.group, r.peer])).toEqual([
      ['bastion', { kind: 'cidr', cidr: '203.0.113.0/24' }],
      ['bastion', { kind: 'cidr', cidr: '2001:db8::/32' }],
      ['caddy', { kind: 'group', group: 'bastion' }],
    ]);
  });

  it('pairs every rule between groups with its counterpart (egress from one, ingress to the other)', () => {
    const rules = planFirewall(inputs);
    const between = rules.filter((r) => r.peer.kind === 'group' && r.group !== 'caddy' && r.port !== 22);
    for (const rule of between) {
      const peer = rule.peer.kind === 'group' ? rule.peer.group : '';
      const other = rule.direction === 'ingress' ? 'egress' : 'ingress';
      const match = rules.find(
        (r) =>
          r.group === peer &&
          r.direction === other &&
          r.port === rule.port &&
          r.peer.kind === 'group' &&
          r.peer.group === rule.group,
      );
      expect({ rule: ruleName(rule), hasCounterpart: match !== undefined }).toEqual({
        rule: ruleName(rule),
        hasCounterpart: true,
      });
    }
  });

  it('adds the endpoint rule only with interface endpoints', () => {
    const has = (hasInterfaceEndpoints: boolean) =>
      planFirewall({ ...inputs, hasInterfaceEndpoints }).some((r) => r.group === 'endpoints');
    expect([has(false), has(true)]).toEqual([false, true]);
  });

  it('names every rule uniquely and readably', () => {
    const names = planFirewall({ ...inputs, hasInterfaceEndpoints: true }).map(ruleName);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('caddy-in-udp443-v6-any');
    expect(names).toContain('bastion-in-tcp22-2001-db8-32');
    expect(names).toContain('database-in-tcp5432-sg-daemon');
  });
});
