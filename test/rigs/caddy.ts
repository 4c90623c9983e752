// The real Debian Caddy (2.6.2 here) on loopback, running a Caddyfile we pass in: the production one from
// docker/caddy/Caddyfile with its {$ENV} placeholders filled by the test, plus global options that keep it
// local (no admin endpoint, no automatic HTTPS, loopback bind, its own storage). Stop by PID.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess, waitForPort, type RigProcess } from './process';

export interface CaddyRig {
  readonly process: RigProcess;
  stop(): Promise<void>;
}

const LOCAL_GLOBALS = (dir: string) =>
  [
    'admin off',
    'auto_https off',
    'default_bind 127.0.0.1',
    `storage file_system ${join(dir, 'storage')}`,
  ].map((line) => `\t${line}`);

/** Inserts our local-only options at the top of the Caddyfile's global options block (adding one if absent). */
export function withLocalGlobals(caddyfile: string, dir: string): string {
  const lines = caddyfile.split('\n');
  const globalStart = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (lines[globalStart]?.trim() === '{') {
    lines.splice(globalStart + 1, 0, ...LOCAL_GLOBALS(dir));
    return lines.join('\n');
  }
  return ['{', ...LOCAL_GLOBALS(dir), '}', caddyfile].join('\n');
}

export async function startCaddy(options: {
  caddyfile: string;
  env: Record<string, string>;
  listen: { host: string; port: number };
}): Promise<CaddyRig> {
  if (!options.listen.host.startsWith('127.')) throw new Error('caddy must listen on loopback');
  const dir = await mkdtemp(join(tmpdir(), 'caddy-rig-'));
  await Promise.all(['data', 'config', 'home', 'storage'].map((d) => mkdir(join(dir, d))));
  const file = join(dir, 'Caddyfile');
  await writeFile(file, withLocalGlobals(options.caddyfile, dir));
  const rig = startProcess('/usr/bin/caddy', ['run', '--config', file, '--adapter', 'caddyfile'], {
    cwd: dir,
    env: {
      PATH: '/usr/bin:/bin',
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_CONFIG_HOME: join(dir, 'config'),
      HOME: join(dir, 'home'),
      ...options.env,
    },
  });
  try {
    await waitForPort(options.listen.host, options.listen.port, rig);
  } catch (error) {
    await rig.stop();
    throw error;
  }
  return {
    process: rig,
    async stop() {
      await rig.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
