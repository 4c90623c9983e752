// The container entry as a process: `tsx auth/src/main.ts` with only the environment, as the Dockerfile runs
// the compiled file.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../rigs/process';

const MAIN = resolve(__dirname, '../../auth/src/main.ts');
const TSX = resolve(__dirname, '../../node_modules/tsx/dist/cli.mjs');

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [TSX, MAIN], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

describe('auth/src/main.ts', () => {
  it('exits 78 and names every bad variable when the environment is invalid, without echoing the secret', async () => {
    const proc = run({ AUTH_LISTEN: 'nowhere', AUTH_COOKIE_SECRET: 'too-short-secret' });
    expect(await proc.exited).toBe(78);
    expect(proc.stderr()).toMatchInlineSnapshot(`
     "auth service configuration is invalid:
       1. AUTH_LISTEN: must be host:port, e.g. 127.0.0.1:8081, got "nowhere"
       2. AUTH_PUBLIC_URL: is required but not set
       3. AUTH_ISSUER_URL: is required but not set
       4. AUTH_CLIENT_ID: is required but not set
       5. AUTH_COGNITO_DOMAIN: is required but not set
       6. AUTH_COOKIE_SECRET: key 1 of 1 has 16 characters; each comma-separated key needs at least 32
     "
    `);
    expect(proc.stdout()).toBe('');
  });

  it('listens on AUTH_LISTEN, answers health, logs JSON lines, and stops on SIGTERM', async () => {
    const port = await freePort();
    const proc = run({
      AUTH_LISTEN: `127.0.0.1:${port}`,
      AUTH_PUBLIC_URL: 'https://energy.example.org',
      AUTH_ISSUER_URL: 'https://cognito-idp.ap-southeast-2.amazonaws.com/ap-southeast-2_Abc',
      AUTH_CLIENT_ID: 'client1',
      AUTH_COGNITO_DOMAIN: 'https://em.auth.ap-southeast-2.amazoncognito.com',
      AUTH_COOKIE_SECRET: 'z'.repeat(64),
    });
    try {
      const deadline = Date.now() + 15_000;
      while (!proc.stdout().includes('"kind":"listening"')) {
        if (Date.now() > deadline || proc.child.exitCode !== null)
          throw new Error(`did not start:\n${proc.stderr()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(JSON.parse(proc.stdout().split('\n')[0]!)).toMatchObject({
        kind: 'listening',
        address: `127.0.0.1:${port}`,
      });
      const response = await fetch(`http://127.0.0.1:${port}/auth/health`);
      expect(await response.json()).toEqual({ status: 'ok' });
      const api = await fetch(`http://127.0.0.1:${port}/auth/verify`, {
        headers: { accept: 'application/json' },
      });
      expect(api.status).toBe(401);
    } finally {
      proc.child.kill('SIGTERM');
    }
    expect(await proc.exited).toBe(0);
    expect(proc.stdout()).not.toContain('z'.repeat(32));
  });
});
