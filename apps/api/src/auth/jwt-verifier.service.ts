import { ApiConfig } from '@app/config';
import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';

export class InvalidTokenError extends Error {}

/**
 * Verifies bearer tokens with jose: a JWKS URL in production (Cognito/Auth0-style, keys cached
 * and rotated by jose), or a shared HS256 secret for local and dev. The user is the `sub` claim.
 */
@Injectable()
export class JwtVerifier {
  private readonly verify: (token: string) => Promise<JWTPayload>;

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
      const secret = new TextEncoder().encode(auth.secret);
      this.verify = async (token) =>
        (await jwtVerify(token, secret, { algorithms: ['HS256'], requiredClaims: ['sub', 'exp'] })).payload;
    }
  }

  /** Returns the user id, or throws InvalidTokenError with a reason safe to show the client. */
  async userIdFrom(authorization: string | undefined): Promise<string> {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!match) throw new InvalidTokenError('missing bearer token');
    let payload: JWTPayload;
    try {
      payload = await this.verify(match[1]);
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      throw new InvalidTokenError(code === 'ERR_JWT_EXPIRED' ? 'token expired' : 'invalid token');
    }
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 255) {
      throw new InvalidTokenError('token has no usable sub');
    }
    return payload.sub;
  }
}
