import { checkReturnPath, returnPathFromForwarded } from '../../auth/src/return-to';

const site = new URL('https://energy.example.org');
const refused = (candidate: string) => checkReturnPath(candidate, site);

describe('checkReturnPath accepts', () => {
  it('a path with its query', () => {
    expect(refused('/assets/silver?view=lineage')).toEqual({ ok: true, path: '/assets/silver?view=lineage' });
  });

  it('a path whose percent-encoded slashes stay encoded (same origin)', () => {
    expect(refused('/%2F%2Fevil.example')).toEqual({ ok: true, path: '/%2F%2Fevil.example' });
  });

  it('a path with an @, which is only a path segment here', () => {
    expect(refused('/@evil.example')).toEqual({ ok: true, path: '/@evil.example' });
  });
});

describe('checkReturnPath refuses open redirects', () => {
  it('an absolute URL to another host', () => {
    expect(refused('https://evil.example/')).toEqual({ ok: false, reason: 'not an absolute path' });
  });

  it('an absolute URL to our own host (only paths are accepted)', () => {
    expect(refused('https://energy.example.org/x')).toEqual({ ok: false, reason: 'not an absolute path' });
  });

  it('a protocol-relative URL', () => {
    expect(refused('//evil.example/')).toEqual({ ok: false, reason: 'protocol-relative URL' });
  });

  it('a backslash that browsers read as a slash', () => {
    expect(refused('/\\evil.example')).toEqual({ ok: false, reason: 'control character or backslash' });
  });

  it('a tab that browsers strip, turning "/\\t/evil" into "//evil"', () => {
    expect(refused('/\t/evil.example')).toEqual({ ok: false, reason: 'control character or backslash' });
  });

  it('a newline (header injection and URL stripping)', () => {
    expect(refused('/\r\nLocation: https://evil.example')).toEqual({
      ok: false,
      reason: 'control character or backslash',
    });
  });

  it('dot segments that normalise to a protocol-relative path', () => {
    expect(refused('/.//evil.example')).toEqual({
      ok: false,
      reason: 'normalises to a protocol-relative URL',
    });
    expect(refused('/a/..//evil.example')).toEqual({
      ok: false,
      reason: 'normalises to a protocol-relative URL',
    });
  });

  it('a javascript: URL', () => {
    expect(refused('javascript:alert(1)')).toEqual({ ok: false, reason: 'not an absolute path' });
  });

  it('a scheme-less host', () => {
    expect(refused('evil.example')).toEqual({ ok: false, reason: 'not an absolute path' });
  });

  it('a path back into /auth, which would loop', () => {
    expect(refused('/auth/login?return_to=/x')).toEqual({ ok: false, reason: 'points back into /auth' });
    expect(refused('/x/../auth/logout')).toEqual({ ok: false, reason: 'points back into /auth' });
  });

  it('an overlong value', () => {
    expect(refused(`/${'a'.repeat(2048)}`)).toEqual({ ok: false, reason: 'longer than 2048' });
  });

  it('nothing at all', () => {
    expect(checkReturnPath(null, site)).toEqual({ ok: false, reason: 'missing' });
  });
});

describe('returnPathFromForwarded', () => {
  it('keeps the original path and query when Caddy forwards our own host and scheme', () => {
    expect(
      returnPathFromForwarded({ proto: 'https', host: 'energy.example.org', uri: '/runs?x=1' }, site),
    ).toEqual({
      ok: true,
      path: '/runs?x=1',
    });
  });

  it('refuses a forwarded host that is not ours', () => {
    expect(returnPathFromForwarded({ proto: 'https', host: 'evil.example', uri: '/' }, site)).toEqual({
      ok: false,
      reason: 'forwarded host is not the public host',
    });
  });

  it('refuses a forwarded scheme that is not ours', () => {
    expect(returnPathFromForwarded({ proto: 'http', host: 'energy.example.org', uri: '/' }, site)).toEqual({
      ok: false,
      reason: 'forwarded proto http is not https:',
    });
  });

  it('refuses a forwarded URI that is a protocol-relative URL', () => {
    expect(
      returnPathFromForwarded({ proto: 'https', host: 'energy.example.org', uri: '//evil.example' }, site),
    ).toEqual({
      ok: false,
      reason: 'protocol-relative URL',
    });
  });
});
