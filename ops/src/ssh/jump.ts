// ProxyJump: a channel from the bastion to the target (direct-tcpip, i.e. forwardOut), then a second pinned
// SSH connection over that channel. The bastion's sshd decides what may be reached (PermitOpen).
import type { Duplex } from 'node:stream';
import { ForwardDeniedError } from '../errors';
import { connectPinned, type ConnectOptions, type SshClient } from './connect';
import type { SshEndpoint } from './known-hosts';

/** Opens a TCP channel from the bastion to `target`; a refusal becomes ForwardDeniedError. */
export function forwardThrough(
  bastion: SshClient,
  bastionLabel: string,
  target: SshEndpoint,
): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    bastion.forwardOut('127.0.0.1', 0, target.host, target.port, (error, stream) => {
      if (error)
        reject(new ForwardDeniedError(bastionLabel, `${target.host}:${target.port}`, { cause: error }));
      else resolve(stream);
    });
  });
}

export async function connectThrough(
  bastion: SshClient,
  bastionLabel: string,
  target: Omit<ConnectOptions, 'sock'>,
): Promise<SshClient> {
  const sock = await forwardThrough(bastion, bastionLabel, target.endpoint);
  return connectPinned({ ...target, sock });
}
