import { isPinnedHostKey, parseKnownHosts } from '../../../ops/src/ssh/known-hosts';

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
});
