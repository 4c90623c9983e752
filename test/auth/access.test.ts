import { decideAccess } from '../../auth/src/access';

describe('decideAccess', () => {
  it('lets admins write', () => {
    expect(decideAccess(['admins'], 'POST')).toEqual({ allowed: true });
  });

  it('lets viewers read but not write', () => {
    expect(decideAccess(['viewers'], 'get')).toEqual({ allowed: true });
    expect(decideAccess(['viewers'], 'POST')).toEqual({ allowed: false, reason: 'viewers may not POST' });
  });

  it('refuses users outside both groups', () => {
    expect(decideAccess([], 'GET').allowed).toBe(false);
  });
});
