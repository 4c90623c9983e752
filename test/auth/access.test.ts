import { decideAccess, knownGroups } from '../../auth/src/access';

describe('decideAccess', () => {
  it('lets admins make any request, including mutations', () => {
    expect(decideAccess(['admins'], 'POST', '/graphql')).toEqual({ allowed: true, as: 'admins' });
    expect(decideAccess(['admins'], 'DELETE', '/anything')).toEqual({ allowed: true, as: 'admins' });
  });

  it('treats a user in both groups as an admin', () => {
    expect(decideAccess(['viewers', 'admins'], 'PUT', '/x')).toEqual({ allowed: true, as: 'admins' });
  });

  it('lets viewers read any page, whatever the case of the method', () => {
    expect(decideAccess(['viewers'], 'get', '/assets')).toEqual({ allowed: true, as: 'viewers' });
    expect(decideAccess(['viewers'], 'HEAD', '/')).toEqual({ allowed: true, as: 'viewers' });
  });

  it('lets viewers POST to /graphql, which the read-only Dagster UI needs for its queries', () => {
    expect(decideAccess(['viewers'], 'POST', '/graphql')).toEqual({ allowed: true, as: 'viewers' });
  });

  it('refuses viewers any other write', () => {
    expect(decideAccess(['viewers'], 'POST', '/report_asset_materialization/x')).toEqual({
      allowed: false,
      reason: 'viewers may not POST /report_asset_materialization/x',
    });
    expect(decideAccess(['viewers'], 'PUT', '/graphql')).toEqual({
      allowed: false,
      reason: 'viewers may not PUT /graphql',
    });
  });

  it('does not let a lookalike path through as /graphql', () => {
    expect(decideAccess(['viewers'], 'POST', '/graphql/../admin').allowed).toBe(false);
    expect(decideAccess(['viewers'], 'POST', '/graphqlx').allowed).toBe(false);
  });

  it('refuses users in neither group, even for reads', () => {
    expect(decideAccess([], 'GET', '/')).toEqual({
      allowed: false,
      reason: 'user belongs to neither admins nor viewers',
    });
    expect(decideAccess(['Admins', 'viewer'], 'GET', '/').allowed).toBe(false);
  });
});

describe('knownGroups', () => {
  it('keeps only admins and viewers, in a fixed order, so Caddy matches on a clean list', () => {
    expect(knownGroups(['viewers', 'other,admins', 'admins'])).toEqual(['admins', 'viewers']);
    expect(knownGroups(['staff'])).toEqual([]);
  });
});
