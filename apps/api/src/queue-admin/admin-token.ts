import type { ApiConfig } from '@app/config';
import { createRemoteJWKSet, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { createSecretKey, KeyObject } from 'node:crypto';

export class InvalidAdminTokenError extends Error {}

/**
 * Verifies queue-admin tokens: the same keys as phone tokens (JWKS or the HS256 secret), but the
 * audience must be ADMIN_JWT_AUDIENCE (config refuses it equal to JWT_AUDIENCE), so a phone token,
 * whatever claims it carries, never opens the admin. Not cached: admin requests are rare.
 */
export class AdminTokenVerifier {
  private readonly keys: JWTVerifyGetKey | KeyObject;
  private readonly algorithms: string[];

  constructor(
    private readonly config: ApiConfig,
    private readonly audience: string,
  ) {
    const auth = config.auth;
    if (auth.kind === 'jwks') {
      this.keys = createRemoteJWKSet(new URL(auth.jwksUrl));
      this.algorithms = ['RS256', 'ES256', 'PS256'];
    } else {
      this.keys = createSecretKey(Buffer.from(auth.secret, 'utf8'));
      this.algorithms = ['HS256'];
    }
  }

  async claimsFrom(authorization: string | undefined): Promise<JWTPayload> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new InvalidAdminTokenError('missing bearer token');
    try {
      const options = {
        audience: this.audience,
        issuer: this.config.queueAdmin.issuer,
        algorithms: this.algorithms,
        requiredClaims: ['sub', 'exp', 'aud'],
      };
      const { payload } =
        this.keys instanceof KeyObject
          ? await jwtVerify(match[1], this.keys, options)
          : await jwtVerify(match[1], this.keys, options);
      return payload;
    } catch {
      throw new InvalidAdminTokenError('invalid admin token');
    }
  }
}
