import type { JWTPayload } from 'jose';

/** True when the claim is the admin value or a list holding it (Cognito groups, Auth0 roles). */
export function hasAdminClaim(payload: JWTPayload, claim: string, value: string): boolean {
  const held = payload[claim];
  if (typeof held === 'string') return held === value || held.split(' ').includes(value);
  return Array.isArray(held) && held.includes(value);
}
