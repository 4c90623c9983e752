import {
  renderCaddyUserData,
  type CaddyUserDataInput,
} from '../../../../infra/src/components/caddy-host/user-data';

const input: CaddyUserDataInput = {
  region: 'ap-southeast-2',
  hostKeyParameter: '/energy-market/dev/caddy/ssh-host-key',
  certificateVolumeId: 'vol-0123456789abcdef0',
  registry: '123456789012.dkr.ecr.ap-southeast-2.amazonaws.com',
  caddyImageParameter: '/energy-market/dev/images/caddy',
  authImageParameter: '/energy-market/dev/images/auth',
  cookieSecretParameter: '/energy-market/dev/auth/cookie-secret',
  caddyEnvironment: {
    SITE_ADDRESS: 'dev.energy.example.org',
    DAGSTER_ADMIN_HOST: 'webserver-admin.dev.energy-market.internal',
  },
  authEnvironment: { AUTH_CLIENT_ID: 'abc123' },
};

describe('renderCaddyUserData', () => {
  const script = renderCaddyUserData(input);

  it('stops at the first failing step', () => {
    expect(script.split('\n').slice(0, 3)).toEqual([
      '#!/bin/bash',
      expect.stringMatching(/^# /),
      'set -euo pipefail',
    ]);
  });

  it('mounts the certificate volume by its Nitro device id and formats it only when blank', () => {
    expect(script).toContain('/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0');
    expect(script).toContain(
      'blkid /dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol0123456789abcdef0 || mkfs.ext4',
    );
    expect(script).toContain('-v /srv/caddy-data:/data');
  });

  it('reads the host key, cookie secret and image references from SSM by name at boot', () => {
    expect(script).toContain("--name '/energy-market/dev/caddy/ssh-host-key' --with-decryption");
    expect(script).toContain("--name '/energy-market/dev/auth/cookie-secret' --with-decryption");
    expect(script).toContain(
      'ExecStartPre=/usr/local/bin/energy-market-pull caddy /energy-market/dev/images/caddy',
    );
    expect(script).toContain(
      'ExecStartPre=/usr/local/bin/energy-market-pull auth /energy-market/dev/images/auth',
    );
  });

  it('keeps the containers off the host network (so IMDS, at hop limit 1, is out of their reach)', () => {
    expect(script).not.toContain('--network host');
    expect(script).toContain('docker network create energy-market');
    const runs = script.split('\n').filter((l) => l.startsWith('ExecStart=/bin/sh'));
    expect(runs).toHaveLength(2);
    for (const run of runs) expect(run).toContain('--network energy-market');
    expect(runs.filter((r) => r.includes(' -p '))).toEqual([expect.stringContaining('--name caddy')]);
    expect(runs.find((r) => r.includes('--name caddy'))).toContain('-p 80:80 -p 443:443 -p 443:443/udp');
  });

  it('fetches the cookie secret before auth starts, and starts Caddy after auth', () => {
    expect(script).toContain(
      'ExecStartPre=/usr/local/bin/energy-market-auth-secret\nExecStartPre=/usr/local/bin/energy-market-pull auth',
    );
    expect(script).toMatch(
      /Description=energy-market caddy container\nAfter=docker.service network-online.target energy-market-auth.service/,
    );
  });

  it('writes the public settings to env files', () => {
    expect(script).toContain(
      'SITE_ADDRESS=dev.energy.example.org\nDAGSTER_ADMIN_HOST=webserver-admin.dev.energy-market.internal',
    );
    expect(script).toContain('AUTH_CLIENT_ID=abc123');
  });

  it('refuses a value that would break out of the env file', () => {
    expect(() =>
      renderCaddyUserData({ ...input, authEnvironment: { AUTH_CLIENT_ID: 'x$(reboot)' } }),
    ).toThrow(
      'environment AUTH_CLIENT_ID=x$(reboot) cannot be written safely to /etc/energy-market/auth.env',
    );
  });
});
