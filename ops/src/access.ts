// Operator access to the stack's hosts: the admin key from SSM (decrypted, in memory, registered with the
// output formatter as a secret), the pins from the stack's known_hosts lines, and the bastion connection.
import { getSecureParameter } from './aws/ssm';
import type { Io } from './io';
import { connectPinned, endpointOfLine, parseKnownHosts, type SshClient, type SshEndpoint } from './ssh';
import type { PinnedHostKey } from './ssh/known-hosts';
import type { StackOutputs } from './stack';

export const DEFAULT_SSH_USER = 'ec2-user';

export interface StackAccess {
  readonly bastion: SshClient;
  readonly bastionEndpoint: SshEndpoint;
  readonly caddyEndpoint: SshEndpoint;
  readonly pins: readonly PinnedHostKey[];
  readonly privateKey: string;
  readonly username: string;
}

export function stackPins(outputs: StackOutputs): PinnedHostKey[] {
  return parseKnownHosts(
    [outputs.knownHosts, outputs.bastion.knownHostsLine, outputs.caddy.knownHostsLine].join('\n'),
  );
}

export async function openBastion(outputs: StackOutputs, username: string, io: Io): Promise<StackAccess> {
  const pins = stackPins(outputs);
  const bastionEndpoint = endpointOfLine(outputs.bastion.knownHostsLine);
  const caddyEndpoint = endpointOfLine(outputs.caddy.knownHostsLine);
  const privateKey = await getSecureParameter(outputs.region, outputs.sshPrivateKeyParameter);
  io.registerSecret(privateKey);
  io.err(`connecting to bastion ${bastionEndpoint.host}:${bastionEndpoint.port} as ${username}\n`);
  const bastion = await connectPinned({ endpoint: bastionEndpoint, username, privateKey, pins });
  return { bastion, bastionEndpoint, caddyEndpoint, pins, privateKey, username };
}
