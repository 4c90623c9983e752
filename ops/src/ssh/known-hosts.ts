// Host-key pinning: parse the known_hosts lines the stack publishes and compare raw key blobs.
// The stack's lines are the only trust anchor: ops never asks the user to accept a key, and never learns one.
import { createHash } from 'node:crypto';
import { HostKeyMismatchError, OpsError } from '../errors';

export interface PinnedHostKey {
  readonly host: string;
  readonly port: number;
  readonly keyType: string;
  readonly key: Buffer;
}

export interface SshEndpoint {
  readonly host: string;
  readonly port: number;
}

export class KnownHostsError extends OpsError {
  constructor(
    readonly lineNumber: number,
    detail: string,
  ) {
    super('STACK_OUTPUTS', `known_hosts line ${lineNumber}: ${detail}`);
  }
}

/** `[host]:port` → host and port; a bare `host` means port 22, as in OpenSSH. */
export function parseHostField(hostField: string): SshEndpoint {
  const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(hostField);
  return bracketed ? { host: bracketed[1]!, port: Number(bracketed[2]) } : { host: hostField, port: 22 };
}

/** Parses `[host]:port type base64` or `host type base64` lines; blank lines and comments are skipped. */
export function parseKnownHosts(text: string): PinnedHostKey[] {
  const pins: PinnedHostKey[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [hostField, keyType, keyBase64] = line.split(/\s+/);
    if (!hostField || !keyType || !keyBase64) {
      throw new KnownHostsError(index + 1, 'expected "<host> <key type> <base64 key>"');
    }
    if (hostField.startsWith('|') || hostField.startsWith('@')) {
      throw new KnownHostsError(
        index + 1,
        `hashed hosts and markers (${hostField.slice(0, 8)}…) are not supported`,
      );
    }
    const key = Buffer.from(keyBase64, 'base64');
    if (key.length === 0 || key.toString('base64') !== keyBase64) {
      throw new KnownHostsError(index + 1, `key for ${hostField} is not valid base64`);
    }
    for (const name of hostField.split(',')) pins.push({ ...parseHostField(name), keyType, key });
  });
  return pins;
}

/** Where a published line says the host is: the address and port ssh must connect to. */
export function endpointOfLine(line: string): SshEndpoint {
  const pin = parseKnownHosts(line)[0];
  if (!pin) throw new KnownHostsError(1, 'expected one known_hosts line, found none');
  return { host: pin.host, port: pin.port };
}

/** True when the key the server presented equals a key pinned for that host and port. */
export function isPinnedHostKey(
  pins: readonly PinnedHostKey[],
  host: string,
  port: number,
  presented: Buffer,
): boolean {
  return pins.some((pin) => pin.host === host && pin.port === port && pin.key.equals(presented));
}

/** OpenSSH's fingerprint format: `SHA256:` + unpadded base64 of the key blob's SHA-256. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

export function pinsFor(pins: readonly PinnedHostKey[], endpoint: SshEndpoint): PinnedHostKey[] {
  return pins.filter((pin) => pin.host === endpoint.host && pin.port === endpoint.port);
}

/** Throws HostKeyMismatchError unless the presented key is pinned for the endpoint. */
export function assertPinnedHostKey(
  pins: readonly PinnedHostKey[],
  endpoint: SshEndpoint,
  presented: Buffer,
): void {
  if (isPinnedHostKey(pins, endpoint.host, endpoint.port, presented)) return;
  throw new HostKeyMismatchError(endpoint.host, endpoint.port, fingerprint(presented), [
    ...new Set(pinsFor(pins, endpoint).map((pin) => fingerprint(pin.key))),
  ]);
}
