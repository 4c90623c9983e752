import {
  assertPinnedHostKey,
  endpointOfLine,
  fingerprint,
  isPinnedHostKey,
  parseKnownHosts,
} from '../../../ops/src/ssh/known-hosts';

const key = Buffer.from('ssh-ed25519 host key blob');
const text = `# published by the stack\n[127.0.0.2]:2222 ssh-ed25519 ${key.toString('base64')}\r\n\n`;

describe('known_hosts pinning', () => {
  it('accepts the published key for its host and port', () => {
    const pins = parseKnownHosts(text);
    expect(isPinnedHostKey(pins, '127.0.0.2', 2222, key)).toBe(true);
  });

  it('refuses a different key or a different port', () => {
    const pins = parseKnownHosts(text);
    expect(isPinnedHostKey(pins, '127.0.0.2', 2222, Buffer.from('other'))).toBe(false);
    expect(isPinnedHostKey(pins, '127.0.0.2', 22, key)).toBe(false);
  });

  it('names the line of a malformed entry', () => {
    expect(() => parseKnownHosts('host-only\n')).toThrow(
      'known_hosts line 1: expected "<host> <key type> <base64 key>"',
    );
  });

  it('refuses hashed host names, which cannot be matched to an endpoint', () => {
    expect(() => parseKnownHosts(`|1|abc|def ssh-ed25519 ${key.toString('base64')}`)).toThrow(
      'known_hosts line 1: hashed hosts and markers (|1|abc|d…) are not supported',
    );
  });

  it('reads comma-separated host names and a bare host as port 22', () => {
    const pins = parseKnownHosts(`198.51.100.185,[2406:da1c::180]:22 ssh-ed25519 ${key.toString('base64')}`);
    expect(pins.map((p) => [p.host, p.port])).toEqual([
      ['198.51.100.185', 22],
      ['2406:da1c::180', 22],
    ]);
    expect(endpointOfLine(`[127.0.0.3]:2223 ssh-ed25519 ${key.toString('base64')}`)).toEqual({
      host: '127.0.0.3',
      port: 2223,
    });
  });

  it('fingerprints like OpenSSH (SHA256, unpadded base64)', () => {
    // Expected value computed independently: printf abc | sha256sum | xxd -r -p | base64 (padding dropped).
    expect(fingerprint(Buffer.from('abc'))).toBe('SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0');
  });

  it('explains a mismatch with both fingerprints and the way out', () => {
    const pins = parseKnownHosts(text);
    expect(() => assertPinnedHostKey(pins, { host: '127.0.0.2', port: 2222 }, Buffer.from('abc'))).toThrow(
      `host key of 127.0.0.2:2222 is SHA256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0, but the stack publishes ${fingerprint(key)}; ` +
        'refusing to connect. If the host was replaced, run `pulumi up` (or refresh the outputs) and retry; ' +
        'otherwise treat this as a possible interception.',
    );
  });
});
