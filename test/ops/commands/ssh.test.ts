// End to end against two real OpenSSH daemons (bastion + caddy on loopback) and the AWS stand-in serving the
// private key from "SSM": exec, the jump, pinning, PermitOpen, the tunnel, and that the key never leaks.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer, connect, type Server } from 'node:net';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { ssh } from '../../../ops/src/commands/ssh';
import { tunnel } from '../../../ops/src/commands/tunnel';
import { ForwardDeniedError, HostKeyMismatchError } from '../../../ops/src/errors';
import { fingerprint, parseKnownHosts } from '../../../ops/src/ssh';
import { openBastion } from '../../../ops/src/access';
import { forwardThrough } from '../../../ops/src/ssh';
import { parseStackOutputs } from '../../../ops/src/stack';
import { startAwsStandin, type AwsStandin } from '../../rigs/aws-standin';
import { startSshdPair, type SshdPair } from '../../rigs/sshd';
import { captureIo, KEY_PARAMETER, rigOutputs, STACK, useEnv, writeOutputs } from '../support';

const REPO = path.resolve(__dirname, '..', '..', '..');
const OPS_BIN = path.join(REPO, 'ops', 'bin', 'ops');

let pair: SshdPair;
let aws: AwsStandin;
let echo: Server;
let echoPort: number;
let restoreEnv: () => void;
let dir: string;
let outputsFile: string;

function terminal(input = '') {
  const stdin = new PassThrough();
  stdin.end(input);
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return {
    term: {
      stdin: stdin as unknown as NodeJS.ReadStream,
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: stderr as unknown as NodeJS.WriteStream,
    },
    out: () => out,
    err: () => err,
  };
}

beforeAll(async () => {
  echo = createServer((socket) => socket.pipe(socket));
  echo.listen(0, '127.0.0.4');
  await once(echo, 'listening');
  echoPort = (echo.address() as { port: number }).port;
  pair = await startSshdPair({ extraPermitOpen: [`127.0.0.4:${echoPort}`] });
  aws = await startAwsStandin({
    parameters: { [KEY_PARAMETER]: { type: 'SecureString', value: pair.clientPrivateKey } },
  });
  restoreEnv = useEnv(aws.env());
  dir = mkdtempSync(path.join(tmpdir(), 'ops-ssh-test-'));
  outputsFile = writeOutputs(dir, rigOutputs(pair));
});

afterAll(async () => {
  restoreEnv?.();
  await Promise.all([pair?.stop(), aws?.stop(), new Promise((r) => echo?.close(r))]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ops ssh', () => {
  it('runs a command on the bastion with the key from SSM and passes its exit status on', async () => {
    const io = captureIo();
    const t = terminal();
    const status = await ssh(
      {
        host: 'bastion',
        stack: STACK,
        outputsFile,
        user: pair.user,
        command: ['echo', 'on-$((40+2))', ';', 'exit', '3'],
      },
      io,
      t.term,
    );
    expect(status).toBe(3);
    expect(t.out()).toBe('on-42\n');
    expect(aws.calls).toContainEqual({
      operation: 'AmazonSSM.GetParameter',
      input: { Name: KEY_PARAMETER, WithDecryption: true },
    });
  });

  it('forwards piped stdin to the remote command and closes it at the end', async () => {
    const t = terminal('hello from stdin\n');
    const status = await ssh(
      { host: 'bastion', stack: STACK, outputsFile, user: pair.user, command: ['wc', '-c'] },
      captureIo(),
      t.term,
    );
    expect(status).toBe(0);
    expect(t.out().trim()).toBe('17');
  });

  it('reaches caddy through the bastion (ProxyJump over forwardOut)', async () => {
    const t = terminal();
    const status = await ssh(
      { host: 'caddy', stack: STACK, outputsFile, user: pair.user, command: ['echo', '$SSH_CONNECTION'] },
      captureIo(),
      t.term,
    );
    expect(status).toBe(0);
    // sshd on caddy sees the connection arriving from the bastion's forward, on its own address and port.
    expect(t.out()).toMatch(/^127\.0\.0\.\d+ \d+ 127\.0\.0\.3 2223\n$/);
  });

  it('refuses a host key that differs from the published one', async () => {
    const wrongLine = pair.strangerKnownHostsLine(pair.bastion);
    const outputs = rigOutputs(pair);
    const file = writeOutputs(
      dir,
      {
        ...outputs,
        knownHosts: `${wrongLine}\n${pair.caddy.knownHostsLine}\n`,
        bastion: { ...(outputs.bastion as object), knownHostsLine: wrongLine },
      },
      'wrong-pin.json',
    );
    const presented = fingerprint(parseKnownHosts(pair.bastion.knownHostsLine)[0]!.key);
    const pinned = fingerprint(parseKnownHosts(wrongLine)[0]!.key);
    const run = ssh(
      { host: 'bastion', stack: STACK, outputsFile: file, user: pair.user, command: ['true'] },
      captureIo(),
      terminal().term,
    );
    await expect(run).rejects.toBeInstanceOf(HostKeyMismatchError);
    await expect(run).rejects.toThrow(
      `host key of 127.0.0.2:${pair.bastion.port} is ${presented}, but the stack publishes ${pinned}; ` +
        'refusing to connect. If the host was replaced, run `pulumi up` (or refresh the outputs) and retry; ' +
        'otherwise treat this as a possible interception.',
    );
  });

  it('refuses caddy when only its key is wrong, after the bastion was accepted', async () => {
    const wrongLine = pair.strangerKnownHostsLine(pair.caddy);
    const outputs = rigOutputs(pair);
    const file = writeOutputs(
      dir,
      {
        ...outputs,
        knownHosts: `${pair.bastion.knownHostsLine}\n${wrongLine}\n`,
        caddy: { ...(outputs.caddy as object), knownHostsLine: wrongLine },
      },
      'wrong-caddy-pin.json',
    );
    await expect(
      ssh(
        { host: 'caddy', stack: STACK, outputsFile: file, user: pair.user, command: ['true'] },
        captureIo(),
        terminal().term,
      ),
    ).rejects.toThrow(/^host key of 127\.0\.0\.3:2223 is SHA256:/);
  });
});

describe('bastion forwarding', () => {
  it('is limited to what the bastion permits (PermitOpen)', async () => {
    const access = await openBastion(parseStackOutputs(rigOutputs(pair), 'test'), pair.user, captureIo());
    try {
      const denied = forwardThrough(access.bastion, 'bastion', { host: '127.0.0.5', port: 22 });
      await expect(denied).rejects.toBeInstanceOf(ForwardDeniedError);
      await expect(denied).rejects.toThrow(
        'bastion refused to open a channel to 127.0.0.5:22 (sshd PermitOpen/AllowTcpForwarding); ' +
          'only the targets the bastion permits can be reached',
      );
    } finally {
      access.bastion.end();
    }
    expect(readFileSync(pair.bastion.logFile, 'utf8')).toMatch(/127\.0\.0\.5.*denied|denied.*127\.0\.0\.5/);
  });

  it('ops tunnel carries bytes both ways to a loopback echo server, bound to 127.0.0.1', async () => {
    const io = captureIo();
    const open = await tunnel(
      { stack: STACK, outputsFile, user: pair.user, localPort: 0, target: `127.0.0.4:${echoPort}` },
      io,
    );
    try {
      const socket = connect(open.localPort, '127.0.0.1');
      await once(socket, 'connect');
      const payload = Buffer.from('dispatch interval 2026-11-25 00:05 ' + 'x'.repeat(100_000));
      const received: Buffer[] = [];
      let length = 0;
      const done = new Promise<void>((resolve) =>
        socket.on('data', (chunk: Buffer) => {
          received.push(chunk);
          length += chunk.length;
          if (length >= payload.length) resolve();
        }),
      );
      socket.write(payload);
      await done;
      socket.destroy();
      expect(Buffer.concat(received).equals(payload)).toBe(true);
      expect(io.stderr()).toContain(
        `forwarding 127.0.0.1:${open.localPort} → 127.0.0.4:${echoPort} through the bastion`,
      );
      // Not reachable on another local address: the listener is bound to 127.0.0.1 only.
      const other = connect(open.localPort, '127.0.0.9');
      const [error] = (await once(other, 'error')) as [NodeJS.ErrnoException];
      expect(error.code).toBe('ECONNREFUSED');
    } finally {
      await open.close();
    }
    await open.closed;
  });
});

function wrongBastionPin(): Record<string, unknown> {
  const outputs = rigOutputs(pair);
  const wrongLine = pair.strangerKnownHostsLine(pair.bastion);
  return {
    ...outputs,
    knownHosts: `${wrongLine}\n${pair.caddy.knownHostsLine}\n`,
    bastion: { ...(outputs.bastion as object), knownHostsLine: wrongLine },
  };
}

describe('the private key', () => {
  function runOps(
    args: string[],
    env: NodeJS.ProcessEnv,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(OPS_BIN, args, { env, cwd: dir }, (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  function filesUnder(root: string): string[] {
    return readdirSync(root).flatMap((name) => {
      const full = path.join(root, name);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
  }

  it('never appears in output, logs or files, whether the command succeeds or fails', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ops-home-'));
    const env = { PATH: process.env.PATH, ...aws.env(), HOME: home, TMPDIR: home };
    try {
      const ok = await runOps(
        ['ssh', 'caddy', STACK, '--outputs-file', outputsFile, '--user', pair.user, '--', 'echo', 'fine'],
        env,
      );
      const mismatch = await runOps(
        [
          'ssh',
          'bastion',
          STACK,
          '--outputs-file',
          writeOutputs(dir, wrongBastionPin(), 'leak-mismatch.json'),
          '--user',
          pair.user,
          '--',
          'true',
        ],
        env,
      );
      expect(ok).toMatchObject({ code: 0, stdout: 'fine\n' });
      expect(mismatch.code).toBe(8);
      expect(mismatch.stderr).toMatch(
        /^connecting to bastion 127\.0\.0\.2:2222 as root\nops: host key of 127\.0\.0\.2:2222 is SHA256:/,
      );
      const keyLines = pair.clientPrivateKey
        .split('\n')
        .filter((l) => l.length >= 16 && !l.startsWith('-----'));
      expect(keyLines.length).toBeGreaterThan(0);
      const written = filesUnder(home).map((f) => readFileSync(f, 'utf8'));
      const logs = [pair.bastion.logFile, pair.caddy.logFile].map((f) => readFileSync(f, 'utf8'));
      for (const text of [ok.stdout, ok.stderr, mismatch.stdout, mismatch.stderr, ...written, ...logs]) {
        for (const line of keyLines) expect(text).not.toContain(line);
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('is scrubbed by the output formatter even if a code path tried to print it', () => {
    const io = captureIo();
    io.registerSecret(pair.clientPrivateKey);
    io.err(`oops: ${pair.clientPrivateKey}`);
    const firstKeyLine = pair.clientPrivateKey.split('\n')[1]!;
    io.out(`partial ${firstKeyLine}`);
    expect(io.stderr()).toBe('oops: [redacted]');
    expect(io.stdout()).toBe('partial [redacted]');
  });
});

describe('interactive shell (PTY) under tmux', () => {
  const run = promisify(execFile);
  const socket = `ops-test-${process.pid}`;
  const tmux = (...args: string[]) => run('tmux', ['-L', socket, '-f', '/dev/null', ...args]);
  const pane = async () => (await tmux('capture-pane', '-p', '-t', 'ops')).stdout;

  async function waitForPane(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const text = await pane();
      if (pattern.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`pane never matched ${pattern}:\n${text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('gives caddy a shell with raw input, passes window resizes, and exits with the remote status', async () => {
    const statusFile = path.join(dir, 'pty-status');
    const script = path.join(dir, 'pty.sh');
    const env = Object.entries(aws.env())
      .map(([k, v]) => `export ${k}='${String(v)}'`)
      .join('\n');
    writeFileSync(
      script,
      `#!/bin/sh\n${env}\nexport PATH='${process.env.PATH ?? ''}'\n` +
        `'${OPS_BIN}' ssh caddy ${STACK} --outputs-file '${outputsFile}' --user ${pair.user}\n` +
        `echo $? > '${statusFile}'\n`,
      { mode: 0o755 },
    );
    await tmux('new-session', '-d', '-s', 'ops', '-x', '100', '-y', '30', script);
    const serverPid = Number((await tmux('display-message', '-p', '#{pid}')).stdout.trim());
    try {
      await waitForPane(/jumping to caddy/);
      await tmux('send-keys', '-t', 'ops', 'stty size; echo "raw-$((6*7))"', 'Enter');
      await waitForPane(/^30 100$/m);
      await waitForPane(/^raw-42$/m);
      await tmux('resize-window', '-t', 'ops', '-x', '120', '-y', '40');
      await tmux('send-keys', '-t', 'ops', 'stty size', 'Enter');
      await waitForPane(/^40 120$/m);
      // Ctrl-C reaches the remote shell (raw mode), not ops: the session survives it.
      await tmux('send-keys', '-t', 'ops', 'echo sleep-$((2+2)); sleep 30', 'Enter');
      await waitForPane(/^sleep-4$/m);
      await tmux('send-keys', '-t', 'ops', 'C-c');
      await waitForPane(/^sleep-4\n\^C\n[^\n]*#/m);
      await tmux('send-keys', '-t', 'ops', 'echo after-$((1+1))', 'Enter');
      await waitForPane(/^after-2$/m);
      await tmux('send-keys', '-t', 'ops', 'exit 7', 'Enter');
      const deadline = Date.now() + 10_000;
      while (!existsSync(statusFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(readFileSync(statusFile, 'utf8').trim()).toBe('7');
    } finally {
      try {
        process.kill(serverPid, 'SIGTERM');
      } catch {
        // already gone with its last session
      }
    }
  });
});
