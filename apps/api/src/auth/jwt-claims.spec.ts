import { ApiConfig } from '@app/config';
import { generateKeyPair, SignJWT } from 'jose';
import { InvalidTokenError, JwtVerifier } from './jwt-verifier.service';

/** Every way a token can be unusable is refused, in HS256 mode with issuer and audience set. */
const secret = 'unit-test-secret-unit-test-secret-02';
const ISS = 'https://id.example.test/';
const AUD = 'health-sync-api';
const verifier = () =>
  new JwtVerifier(
    ApiConfig.fromEnv({
      DATABASE_URL: 'postgres://x@localhost/x',
      REDIS_URL: 'redis://localhost',
      JWT_SECRET: secret,
      JWT_ISSUER: ISS,
      JWT_AUDIENCE: AUD,
    }),
  );
const now = () => Math.floor(Date.now() / 1000);
const key = new TextEncoder().encode(secret);
const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');

interface Claims {
  sub?: string;
  iss?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
}
const good: Claims = { sub: 'user-1', iss: ISS, aud: AUD };

function sign(claims: Claims, alg = 'HS256', signingKey: Parameters<SignJWT['sign']>[0] = key) {
  const { sub, iss, aud, exp = now() + 300, nbf } = claims;
  const jwt = new SignJWT({}).setProtectedHeader({ alg }).setExpirationTime(exp);
  if (sub !== undefined) jwt.setSubject(sub);
  if (iss !== undefined) jwt.setIssuer(iss);
  if (aud !== undefined) jwt.setAudience(aud);
  if (nbf !== undefined) jwt.setNotBefore(nbf);
  return jwt.sign(signingKey);
}

describe('JwtVerifier claims (HS256 with issuer and audience)', () => {
  it('accepts a token with the right issuer, audience, sub and times', async () => {
    await expect(verifier().userIdFrom(`Bearer ${await sign(good)}`)).resolves.toBe('user-1');
  });

  const refused: [string, () => Promise<string>][] = [
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...good, exp: now() + 300 })}.`],
    ['another HMAC algorithm (HS512)', () => sign(good, 'HS512')],
    ['another algorithm family (RS256)', async () => sign(good, 'RS256', (await generateKeyPair('RS256')).privateKey)],
    ['expired', () => sign({ ...good, exp: now() - 60 })],
    ['not yet valid (nbf)', () => sign({ ...good, nbf: now() + 600 })],
    ['wrong issuer', () => sign({ ...good, iss: 'https://evil.example/' })],
    ['no issuer', () => sign({ ...good, iss: undefined })],
    ['wrong audience', () => sign({ ...good, aud: 'another-app' })],
    ['no audience', () => sign({ ...good, aud: undefined })],
    ['missing sub', () => sign({ ...good, sub: undefined })],
  ];

  it.each(refused)('refuses %s', async (_, token) => {
    await expect(verifier().userIdFrom(`Bearer ${await token()}`)).rejects.toThrow(InvalidTokenError);
  });
});
