// Boot script of the Caddy host: pinned host key, the certificate volume, and Caddy + auth as containers from
// ECR under systemd. It carries parameter names and public settings only; the cookie secret and the image
// references are read from SSM when a unit starts, so `ops redeploy` only has to restart the units.
import { installHostKeyScript, scriptHeader } from '../ssh';

export interface CaddyUserDataInput {
  readonly region: string;
  readonly hostKeyParameter: string;
  /** EBS volume id; Nitro exposes it as /dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_vol… */
  readonly certificateVolumeId: string;
  readonly registry: string;
  readonly caddyImageParameter: string;
  readonly authImageParameter: string;
  readonly cookieSecretParameter: string;
  /** Non-secret environment for the containers, written to env files. */
  readonly caddyEnvironment: Readonly<Record<string, string>>;
  readonly authEnvironment: Readonly<Record<string, string>>;
}

/** Where Caddy keeps certificates and ACME account keys: on the separate volume, so a new host keeps them. */
export const CERTIFICATE_MOUNT = '/srv/caddy-data';

function envFile(path: string, values: Readonly<Record<string, string>>): string {
  for (const [key, value] of Object.entries(values)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(key) || /[\n'"$`\\]/.test(value)) {
      throw new Error(`environment ${key}=${value} cannot be written safely to ${path}`);
    }
  }
  const body = Object.entries(values).map(([k, v]) => `${k}=${v}`);
  return [`cat > ${path} <<'ENV'`, ...body, 'ENV'].join('\n');
}

/** Containers share one bridge network: with IMDSv2's hop limit of 1 they cannot reach the instance role. */
export const CONTAINER_NETWORK = 'energy-market';

interface ContainerUnit {
  readonly name: string;
  readonly imageParameter: string;
  readonly runArgs: string;
  readonly before?: readonly string[];
  readonly after?: readonly string[];
}

function containerUnit(unit: ContainerUnit): string {
  const after = ['docker.service', 'network-online.target', ...(unit.after ?? [])].join(' ');
  return [
    `cat > /etc/systemd/system/energy-market-${unit.name}.service <<'UNIT'`,
    '[Unit]',
    `Description=energy-market ${unit.name} container`,
    `After=${after}`,
    'Requires=docker.service',
    ...(unit.after ?? []).map((u) => `Wants=${u}`),
    '[Service]',
    'Restart=always',
    'RestartSec=5',
    ...(unit.before ?? []).map((cmd) => `ExecStartPre=${cmd}`),
    `ExecStartPre=/usr/local/bin/energy-market-pull ${unit.name} ${unit.imageParameter}`,
    `ExecStartPre=-/usr/bin/docker rm -f ${unit.name}`,
    `ExecStart=/bin/sh -c 'exec /usr/bin/docker run --rm --name ${unit.name} --network ${CONTAINER_NETWORK} ${unit.runArgs} "$(cat /run/energy-market/${unit.name}.image)"'`,
    `ExecStop=/usr/bin/docker stop ${unit.name}`,
    '[Install]',
    'WantedBy=multi-user.target',
    'UNIT',
  ].join('\n');
}

export function renderCaddyUserData(input: CaddyUserDataInput): string {
  const device = `/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${input.certificateVolumeId.replace('-', '')}`;
  const r = input.region;
  return [
    scriptHeader('Caddy host boot: host key, certificate volume, Caddy and auth containers.'),
    installHostKeyScript(input.hostKeyParameter, r),
    'dnf -y install docker',
    'systemctl enable --now docker',
    `docker network inspect ${CONTAINER_NETWORK} >/dev/null 2>&1 || docker network create ${CONTAINER_NETWORK}`,
    '',
    '# Certificate volume: wait for the attachment, format only when blank, mount by label.',
    `for _ in $(seq 1 60); do [ -e ${device} ] && break; sleep 5; done`,
    `blkid ${device} || mkfs.ext4 -L caddy-data ${device}`,
    `mkdir -p ${CERTIFICATE_MOUNT}`,
    `grep -q caddy-data /etc/fstab || echo 'LABEL=caddy-data ${CERTIFICATE_MOUNT} ext4 defaults,nofail 0 2' >> /etc/fstab`,
    'mount -a',
    '',
    'install -d -m 700 /etc/energy-market',
    envFile('/etc/energy-market/caddy.env', input.caddyEnvironment),
    envFile('/etc/energy-market/auth.env', input.authEnvironment),
    '',
    '# Pull helper: image reference (repository@sha256 digest) from SSM, ECR login, pull.',
    "cat > /usr/local/bin/energy-market-pull <<'PULL'",
    '#!/bin/bash',
    'set -euo pipefail',
    'mkdir -p /run/energy-market',
    `image=$(aws ssm get-parameter --region ${r} --name "$2" --query Parameter.Value --output text)`,
    `aws ecr get-login-password --region ${r} | docker login --username AWS --password-stdin ${input.registry}`,
    'docker pull "$image"',
    'echo "$image" > "/run/energy-market/$1.image"',
    'PULL',
    '',
    '# The cookie secret is fetched with the instance role each time auth starts; it never touches user data.',
    "cat > /usr/local/bin/energy-market-auth-secret <<'SECRET'",
    '#!/bin/bash',
    'set -euo pipefail',
    'umask 077',
    'mkdir -p /run/energy-market',
    `secret=$(aws ssm get-parameter --region ${r} --name '${input.cookieSecretParameter}' --with-decryption --query Parameter.Value --output text)`,
    'printf "AUTH_COOKIE_SECRET=%s\\n" "$secret" > /run/energy-market/auth-secret.env',
    'SECRET',
    'chmod 755 /usr/local/bin/energy-market-pull /usr/local/bin/energy-market-auth-secret',
    '',
    containerUnit({
      name: 'auth',
      imageParameter: input.authImageParameter,
      runArgs: '--env-file /etc/energy-market/auth.env --env-file /run/energy-market/auth-secret.env',
      before: ['/usr/local/bin/energy-market-auth-secret'],
    }),
    containerUnit({
      name: 'caddy',
      imageParameter: input.caddyImageParameter,
      runArgs: `-p 80:80 -p 443:443 -p 443:443/udp --env-file /etc/energy-market/caddy.env -v ${CERTIFICATE_MOUNT}:/data`,
      after: ['energy-market-auth.service'],
    }),
    'systemctl daemon-reload',
    'systemctl enable --now energy-market-auth.service energy-market-caddy.service',
    '',
  ].join('\n');
}
