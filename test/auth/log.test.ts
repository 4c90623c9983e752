import { createLogger, formatEvent, type LogEvent } from '../../auth/src/log';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl';
const JWE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVy.dGFn';

describe('log redaction', () => {
  it('removes tokens, codes and cookie values from free text', () => {
    const line = formatEvent(
      {
        kind: 'login-failed',
        errorCode: 'AUTH_IDP_ERROR',
        reason: `code exchange failed for /auth/callback?code=abc123&state=xyz with ${JWT}; cookie __Host-em-session=${JWE}`,
      },
      new Date(0),
    );
    expect(line).toBe(
      '{"time":"1970-01-01T00:00:00.000Z","kind":"login-failed","errorCode":"AUTH_IDP_ERROR","reason":"code exchange failed for /auth/callback?code=[redacted]&state=[redacted] with [redacted-jwt]; cookie __Host-em-session=[redacted]"}',
    );
  });

  it('removes values under secret-looking keys, however a caller smuggles them in', () => {
    const sneaky = {
      kind: 'error',
      message: 'boom',
      headers: { cookie: 'a=b', authorization: 'Bearer x' },
      id_token: 'opaque',
      cookieSecret: 'plain-secret',
    } as unknown as LogEvent;
    const line = formatEvent(sneaky, new Date(0));
    expect(JSON.parse(line)).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      kind: 'error',
      message: 'boom',
      headers: { cookie: '[redacted]', authorization: '[redacted]' },
      id_token: '[redacted]',
      cookieSecret: '[redacted]',
    });
  });

  it('keeps what operators need: user, groups, path, status', () => {
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line));
    log({ kind: 'login-completed', user: 'ana@example.org', groups: ['admins'] });
    log({ kind: 'request', method: 'GET', path: '/auth/verify', status: 200, durationMs: 3 });
    expect(lines.map((l) => JSON.parse(l) as object)).toEqual([
      expect.objectContaining({ kind: 'login-completed', user: 'ana@example.org', groups: ['admins'] }),
      expect.objectContaining({ kind: 'request', path: '/auth/verify', status: 200 }),
    ]);
  });
});
