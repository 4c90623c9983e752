// Shared by the ops tests: an in-memory Io, a stack-outputs file pointing at the loopback rigs, and the
// environment that sends the AWS SDK to the stand-in.
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createIo, type Io } from '../../ops/src/io';
import type { SshdPair } from '../rigs/sshd';

export interface CapturedIo extends Io {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

export function captureIo(): CapturedIo {
  let out = '';
  let err = '';
  const io = createIo({ out: (t) => (out += t), err: (t) => (err += t) });
  return { ...io, stdout: () => out, stderr: () => err };
}

export const STACK = 'dev';
export const KEY_PARAMETER = '/energy-market/dev/bastion/ssh-private-key';
export const CLUSTER = 'energy-market-dev-dagster';
export const SERVICES = {
  'webserver-admin': 'energy-market-dev-webserver-admin',
  'webserver-readonly': 'energy-market-dev-webserver-readonly',
  daemon: 'energy-market-dev-daemon',
  'code-server': 'energy-market-dev-code-server',
};

/** Stack outputs shaped like infra's, with the hosts on the loopback sshd pair. */
export function rigOutputs(
  pair: SshdPair | undefined,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const bastionLine =
    pair?.bastion.knownHostsLine ?? '[127.0.0.2]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==';
  const caddyLine = pair?.caddy.knownHostsLine ?? '[127.0.0.3]:2223 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA==';
  return {
    region: 'ap-southeast-2',
    vpcId: 'vpc-1',
    url: 'https://dev.energy.example.org',
    parameterPath: '/energy-market/dev',
    sshPrivateKeyParameter: KEY_PARAMETER,
    knownHosts: `${bastionLine}\n${caddyLine}\n`,
    bastion: {
      instanceId: 'i-0bastion',
      publicIp: '127.0.0.2',
      hostKeyParameter: '/energy-market/dev/bastion/ssh-host-key.pub',
      knownHostsLine: bastionLine,
    },
    caddy: {
      instanceId: 'i-0caddy',
      publicIp: '198.51.100.107',
      privateIp: '127.0.0.3',
      hostKeyParameter: '/energy-market/dev/caddy/ssh-host-key.pub',
      knownHostsLine: caddyLine,
    },
    ecs: { clusterName: CLUSTER, services: SERVICES },
    cognito: { hostedUiDomain: 'energy-market-dev-123456789012.auth.ap-southeast-2.amazoncognito.com' },
    ...overrides,
  };
}

export function writeOutputs(dir: string, outputs: Record<string, unknown>, name = 'outputs.json'): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(outputs, null, 2));
  return file;
}

/** Sets process.env for in-process SDK clients; returns a function restoring the previous values. */
export function useEnv(env: NodeJS.ProcessEnv): () => void {
  const previous = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  return () => {
    for (const [k, v] of Object.entries(previous)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}
