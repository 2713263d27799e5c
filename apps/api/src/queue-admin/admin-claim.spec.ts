import { hasAdminClaim } from './admin-claim';

describe('hasAdminClaim', () => {
  it('accepts the value itself, a list or a space-separated scope holding it', () => {
    expect(hasAdminClaim({ roles: 'admin' }, 'roles', 'admin')).toBe(true);
    expect(hasAdminClaim({ roles: ['user', 'admin'] }, 'roles', 'admin')).toBe(true);
    expect(hasAdminClaim({ scope: 'read admin' }, 'scope', 'admin')).toBe(true);
  });

  it('refuses a missing claim, another value, a prefix, or the value under another claim', () => {
    expect(hasAdminClaim({}, 'roles', 'admin')).toBe(false);
    expect(hasAdminClaim({ roles: ['user'] }, 'roles', 'admin')).toBe(false);
    expect(hasAdminClaim({ roles: 'administrator' }, 'roles', 'admin')).toBe(false);
    expect(hasAdminClaim({ groups: ['admin'] }, 'roles', 'admin')).toBe(false);
    expect(hasAdminClaim({ roles: { admin: true } }, 'roles', 'admin')).toBe(false);
  });
});
