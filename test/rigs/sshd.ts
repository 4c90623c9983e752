// Two real OpenSSH daemons on loopback, as the stack's hosts: a "bastion" on 127.0.0.2:2222 that may only
// forward to the "caddy" host on 127.0.0.3:2223 (PermitOpen), and the caddy host, which forwards nothing.
// Host keys and the client key are generated per run. Needs root (a PTY needs a root sshd) and /run/sshd.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SshdHost {
  readonly host: string;
  readonly port: number;
  /** `[host]:port ssh-ed25519 <base64>` */
  readonly knownHostsLine: string;
  readonly logFile: string;
}

export interface SshdPair {
  readonly dir: string;
  readonly user: string;
  /** The client private key (OpenSSH format), as the stack keeps it in SSM. */
  readonly clientPrivateKey: string;
  readonly bastion: SshdHost;
  readonly caddy: SshdHost;
  /** A valid ed25519 public key line that neither host uses, for mismatch tests. */
  readonly strangerKnownHostsLine: (host: SshdHost) => string;
  stop(): Promise<void>;
}

async function keygen(file: string): Promise<string> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', '', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

function waitForPort(host: string, port: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`sshd on ${host}:${port} did not start`));
        else setTimeout(attempt, 20);
      });
    };
    attempt();
  });
}

function sshdConfig(dir: string, name: string, host: string, port: number, extra: string[]): string {
  return [
    `ListenAddress ${host}:${port}`,
    `HostKey ${path.join(dir, `${name}_host_ed25519`)}`,
    `PidFile ${path.join(dir, `${name}.pid`)}`,
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    'AllowUsers root',
    'PrintMotd no',
    'LogLevel VERBOSE',
    ...extra,
  ].join('\n');
}

export interface SshdPairOptions {
  readonly bastionPort?: number;
  readonly caddyPort?: number;
  /** More `host:port` targets the bastion may forward to (e.g. a test's echo server). */
  readonly extraPermitOpen?: readonly string[];
}

export async function startSshdPair(options: SshdPairOptions = {}): Promise<SshdPair> {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(path.join(tmpdir(), 'ops-sshd-'));
  const bastionPort = options.bastionPort ?? 2222;
  const caddyPort = options.caddyPort ?? 2223;
  const [bastionPub, caddyPub, clientPub, strangerPub] = await Promise.all([
    keygen(path.join(dir, 'bastion_host_ed25519')),
    keygen(path.join(dir, 'caddy_host_ed25519')),
    keygen(path.join(dir, 'client_ed25519')),
    keygen(path.join(dir, 'stranger_ed25519')),
  ]);
  writeFileSync(path.join(dir, 'authorized_keys'), `${clientPub}\n`, { mode: 0o600 });
  const children: ChildProcess[] = [];
  const start = (name: string, host: string, port: number, extra: string[]) => {
    writeFileSync(path.join(dir, `${name}_sshd_config`), sshdConfig(dir, name, host, port, extra));
    const logFile = path.join(dir, `${name}.log`);
    const child = spawn(
      '/usr/sbin/sshd',
      ['-D', '-f', path.join(dir, `${name}_sshd_config`), '-E', logFile],
      {
        stdio: 'ignore',
      },
    );
    children.push(child);
    return logFile;
  };
  const keyField = (pub: string) => pub.split(/\s+/).slice(0, 2).join(' ');
  const bastion: SshdHost = {
    host: '127.0.0.2',
    port: bastionPort,
    knownHostsLine: `[127.0.0.2]:${bastionPort} ${keyField(bastionPub)}`,
    logFile: start('bastion', '127.0.0.2', bastionPort, [
      'AllowTcpForwarding yes',
      ['PermitOpen', `127.0.0.3:${caddyPort}`, ...(options.extraPermitOpen ?? [])].join(' '),
    ]),
  };
  const caddy: SshdHost = {
    host: '127.0.0.3',
    port: caddyPort,
    knownHostsLine: `[127.0.0.3]:${caddyPort} ${keyField(caddyPub)}`,
    logFile: start('caddy', '127.0.0.3', caddyPort, ['AllowTcpForwarding no']),
  };
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await Promise.all([waitForPort(bastion.host, bastion.port), waitForPort(caddy.host, caddy.port)]);
  } catch (error) {
    const logs = [bastion.logFile, caddy.logFile].map((f) => {
      try {
        return readFileSync(f, 'utf8');
      } catch {
        return '';
      }
    });
    await stop();
    throw new Error(`${(error as Error).message}\n${logs.join('\n')}`);
  }
  return {
    dir,
    user: 'root',
    clientPrivateKey: readFileSync(path.join(dir, 'client_ed25519'), 'utf8'),
    bastion,
    caddy,
    strangerKnownHostsLine: (h) => `[${h.host}]:${h.port} ${keyField(strangerPub)}`,
    stop,
  };
}
