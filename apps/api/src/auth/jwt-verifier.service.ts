import { ApiConfig } from '@app/config';
import { hasUnstorable } from '@app/health-data';
import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { createSecretKey } from 'node:crypto';

export class InvalidTokenError extends Error {}

/**
 * Verifies bearer tokens with jose: a JWKS URL in production (Cognito/Auth0-style, keys cached
 * and rotated by jose), or a shared HS256 secret for local and dev. The user is the `sub` claim.
 */
@Injectable()
export class JwtVerifier {
  private readonly verify: (token: string) => Promise<JWTPayload>;
  /**
   * A phone sends hundreds of chunks with one token, and a signature check costs more than the
   * rest of the auth path (WebCrypto HMAC ≈ 0.7 ms). A token that verified once is remembered
   * until it expires, never longer; a forged token never gets in, so it costs its check each time.
   */
  private readonly verified = new LRUCache<string, string>({ max: 10_000 });

  constructor(config: ApiConfig) {
    const auth = config.auth;
    if (auth.kind === 'jwks') {
      const keys: JWTVerifyGetKey = createRemoteJWKSet(new URL(auth.jwksUrl));
      this.verify = async (token) =>
        (
          await jwtVerify(token, keys, {
            issuer: auth.issuer,
            audience: auth.audience,
            algorithms: ['RS256', 'ES256', 'PS256'],
            requiredClaims: ['sub', 'exp'],
          })
        ).payload;
    } else {
      // Imported once: given raw bytes, jose would import the HMAC key again on every request.
      const key = createSecretKey(Buffer.from(auth.secret, 'utf8'));
      this.verify = async (token) =>
        (
          await jwtVerify(token, key, {
            // Set in pairs (config refuses one without the other); jose checks each only when given.
            issuer: auth.issuer,
            audience: auth.audience,
            algorithms: ['HS256'],
            requiredClaims: ['sub', 'exp'],
          })
        ).payload;
    }
  }

  /** Returns the user id, or throws InvalidTokenError with a reason safe to show the client. */
  async userIdFrom(authorization: string | undefined): Promise<string> {
    const token = bearerToken(authorization);
    const known = this.verified.get(token);
    if (known !== undefined) return known;
    const payload = await this.verifiedPayload(token);
    const ttl = (payload.exp as number) * 1000 - Date.now();
    if (ttl > 0) this.verified.set(token, payload.sub as string, { ttl });
    return payload.sub as string;
  }

  /** All claims of a valid token (for role checks); not cached: admin requests are rare. */
  async claimsFrom(authorization: string | undefined): Promise<JWTPayload> {
    return this.verifiedPayload(bearerToken(authorization));
  }

  private async verifiedPayload(token: string): Promise<JWTPayload> {
    let payload: JWTPayload;
    try {
      payload = await this.verify(token);
    } catch (err) {
      // jose also refuses alg "none", other algorithms, a future nbf and a wrong iss/aud; the
      // client learns only that the token is unusable (no hint which check a forger failed).
      const code = (err as { code?: string }).code ?? '';
      throw new InvalidTokenError(code === 'ERR_JWT_EXPIRED' ? 'token expired' : 'invalid token');
    }
    // A sub PostgreSQL cannot store in text (U+0000, a lone surrogate) would fail every statement naming the user.
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255 || hasUnstorable(payload.sub)) {
      throw new InvalidTokenError('token has no usable sub');
    }
    return payload;
  }
}

function bearerToken(authorization: string | undefined): string {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) throw new InvalidTokenError('missing bearer token');
  return match[1];
}
