import * as auth from '../../auth/src/index';

describe('auth/src/index.ts', () => {
  it('exports exactly the public surface (a change here is a change to review)', () => {
    expect(Object.keys(auth).sort()).toEqual([
      'AuthError',
      'ConfigError',
      'checkReturnPath',
      'createAuthServer',
      'decideAccess',
      'knownGroups',
      'listen',
      'loadConfig',
      'returnPathFromForwarded',
    ]);
  });
});
