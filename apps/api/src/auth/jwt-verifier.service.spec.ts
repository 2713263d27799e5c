import { ApiConfig } from '@app/config';
import { SignJWT } from 'jose';
import { InvalidTokenError, JwtVerifier } from './jwt-verifier.service';

const secret = 'unit-test-secret-unit-test-secret-01';
const verifier = () =>
  new JwtVerifier(
    ApiConfig.fromEnv({ DATABASE_URL: 'postgres://x@localhost/x', REDIS_URL: 'redis://localhost', JWT_SECRET: secret }),
  );

const sign = (sub: string | undefined, exp: number, key = secret) => {
  const jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp);
  if (sub !== undefined) jwt.setSubject(sub);
  return jwt.sign(new TextEncoder().encode(key));
};
const inSeconds = (s: number) => Math.floor(Date.now() / 1000) + s;

describe('JwtVerifier (HS256)', () => {
  it('returns the sub of a valid token', async () => {
    await expect(verifier().userIdFrom(`Bearer ${await sign('user-1', inSeconds(60))}`)).resolves.toBe('user-1');
  });

  it('refuses a missing header, another key, no sub, no Bearer scheme', async () => {
    const v = verifier();
    await expect(v.userIdFrom(undefined)).rejects.toThrow(InvalidTokenError);
    await expect(v.userIdFrom(`Bearer ${await sign('u', inSeconds(60), 'other-secret-other-secret-other-00')}`)).rejects.toThrow(
      'invalid token',
    );
    await expect(v.userIdFrom(`Bearer ${await sign(undefined, inSeconds(60))}`)).rejects.toThrow(InvalidTokenError);
    await expect(v.userIdFrom(`Basic ${await sign('u', inSeconds(60))}`)).rejects.toThrow('missing bearer token');
  });

  it('refuses a sub PostgreSQL cannot store or that is too long, as an invalid token', async () => {
    const v = verifier();
    for (const sub of ['a\u0000b', 'a\uD800b', 'x'.repeat(256)]) {
      await expect(v.userIdFrom(`Bearer ${await sign(sub, inSeconds(60))}`)).rejects.toThrow('token has no usable sub');
    }
    await expect(v.userIdFrom(`Bearer ${await sign('x'.repeat(255), inSeconds(60))}`)).resolves.toBe('x'.repeat(255));
  });

  it('remembers a verified token only until it expires', async () => {
    const v = verifier();
    const token = await sign('user-2', inSeconds(1));
    await expect(v.userIdFrom(`Bearer ${token}`)).resolves.toBe('user-2');
    await expect(v.userIdFrom(`Bearer ${token}`)).resolves.toBe('user-2');
    await new Promise((r) => setTimeout(r, 1_100));
    await expect(v.userIdFrom(`Bearer ${token}`)).rejects.toThrow('token expired');
  });
});
