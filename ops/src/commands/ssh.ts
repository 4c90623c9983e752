// `ops ssh bastion|caddy <stack> [-- cmd …]`: a shell (PTY) or one command on a host; caddy through the bastion.
// Returns the remote exit status, which the CLI passes on.
import { openBastion, DEFAULT_SSH_USER } from '../access';
import { UsageError } from '../errors';
import type { Io } from '../io';
import { connectThrough, execCommand, interactiveShell, type SshClient, type Terminal } from '../ssh';
import { readStackOutputs, type StackOutputsSource } from '../stack';

export const SSH_HOSTS = ['bastion', 'caddy'] as const;
export type SshHost = (typeof SSH_HOSTS)[number];

export interface SshOptions extends StackOutputsSource {
  readonly host: SshHost;
  /** Remote command words; empty for an interactive shell. */
  readonly command?: readonly string[];
  readonly user?: string;
}

export async function ssh(options: SshOptions, io: Io, terminal: Terminal): Promise<number> {
  if (!SSH_HOSTS.includes(options.host)) {
    throw new UsageError(`unknown host "${options.host}"; expected one of ${SSH_HOSTS.join(', ')}`);
  }
  const outputs = await readStackOutputs(options);
  const access = await openBastion(outputs, options.user ?? DEFAULT_SSH_USER, io);
  let target: SshClient = access.bastion;
  try {
    if (options.host === 'caddy') {
      const { host, port } = access.caddyEndpoint;
      io.err(`jumping to caddy ${host}:${port} through the bastion\n`);
      target = await connectThrough(access.bastion, 'bastion', {
        endpoint: access.caddyEndpoint,
        username: access.username,
        privateKey: access.privateKey,
        pins: access.pins,
      });
    }
    const command = options.command ?? [];
    if (command.length > 0) return await execCommand(target, command.join(' '), terminal);
    if (!terminal.stdin.isTTY) {
      throw new UsageError('an interactive shell needs a terminal; pass a command after `--` instead');
    }
    return await interactiveShell(target, terminal);
  } finally {
    if (target !== access.bastion) target.end();
    access.bastion.end();
  }
}
