// Host-key pinning: parse the known_hosts lines the stack publishes and compare raw key blobs.

export interface PinnedHostKey {
  readonly host: string;
  readonly port: number;
  readonly keyType: string;
  readonly key: Buffer;
}

export class KnownHostsError extends Error {
  constructor(
    readonly lineNumber: number,
    detail: string,
  ) {
    super(`known_hosts line ${lineNumber}: ${detail}`);
    this.name = 'KnownHostsError';
  }
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
    const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(hostField);
    const host = bracketed ? bracketed[1]! : hostField;
    const port = bracketed ? Number(bracketed[2]) : 22;
    const key = Buffer.from(keyBase64, 'base64');
    if (key.length === 0 || key.toString('base64') !== keyBase64) {
      throw new KnownHostsError(index + 1, `key for ${hostField} is not valid base64`);
    }
    pins.push({ host, port, keyType, key });
  });
  return pins;
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
