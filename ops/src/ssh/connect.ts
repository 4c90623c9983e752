// One pinned SSH connection (ssh2 enters the codebase here and in jump.ts). The host key is checked against
// the stack's published lines before authentication; a mismatch becomes HostKeyMismatchError, not a prompt.
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import { HostKeyMismatchError, SshConnectError } from '../errors';
import { assertPinnedHostKey, pinsFor, type PinnedHostKey, type SshEndpoint } from './known-hosts';

export type SshClient = ssh2.Client;

export interface ConnectOptions {
  readonly endpoint: SshEndpoint;
  readonly username: string;
  /** OpenSSH or PEM private key text; kept in memory only. */
  readonly privateKey: string;
  readonly pins: readonly PinnedHostKey[];
  /** An already-open stream to the host (a forwarded channel through the bastion). */
  readonly sock?: Duplex;
  readonly readyTimeoutMs?: number;
}

export function connectPinned(options: ConnectOptions): Promise<SshClient> {
  const { endpoint } = options;
  const pinned = pinsFor(options.pins, endpoint);
  if (pinned.length === 0) {
    return Promise.reject(new HostKeyMismatchError(endpoint.host, endpoint.port, '(not connected)', []));
  }
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    let mismatch: HostKeyMismatchError | undefined;
    client.once('ready', () => resolve(client));
    client.once('error', (error: Error) => {
      client.end();
      reject(mismatch ?? new SshConnectError(endpoint.host, endpoint.port, error.message, { cause: error }));
    });
    client.connect({
      host: endpoint.host,
      port: endpoint.port,
      sock: options.sock,
      username: options.username,
      privateKey: options.privateKey,
      readyTimeout: options.readyTimeoutMs ?? 20_000,
      // Offer only the pinned key types, so the server presents the key we can check.
      algorithms: {
        serverHostKey: [...new Set(pinned.map((p) => p.keyType))] as ssh2.ServerHostKeyAlgorithm[],
      },
      hostVerifier: (key: Buffer) => {
        try {
          assertPinnedHostKey(options.pins, endpoint, key);
          return true;
        } catch (error) {
          mismatch = error as HostKeyMismatchError;
          return false;
        }
      },
    });
  });
}
