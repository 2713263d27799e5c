import { generateKeyPair, SignJWT } from 'jose';
import type { Client } from 'pg';
import { connectTestDb, countRows, resetData } from './support/database';
import { syncChunk, SyncInput } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi } from './support/processes';
import { appEnv, clearQueue, TEST_JWT_SECRET } from './support/test-env';

jest.setTimeout(60_000);

const ISS = 'https://id.example.test/';
const AUD = 'health-sync-api';
const now = () => Math.floor(Date.now() / 1000);
const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
const secretKey = new TextEncoder().encode(TEST_JWT_SECRET);

interface Claims {
  sub?: string;
  iss?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
}
const good: Claims = { sub: 'user-auth', iss: ISS, aud: AUD };

function sign(claims: Claims, alg = 'HS256', key: Parameters<SignJWT['sign']>[0] = secretKey) {
  const { sub, iss, aud, exp = now() + 300, nbf } = claims;
  const jwt = new SignJWT({}).setProtectedHeader({ alg }).setExpirationTime(exp);
  if (sub !== undefined) jwt.setSubject(sub);
  if (iss !== undefined) jwt.setIssuer(iss);
  if (aud !== undefined) jwt.setAudience(aud);
  if (nbf !== undefined) jwt.setNotBefore(nbf);
  return jwt.sign(key);
}

/** The API process with JWT_ISSUER/JWT_AUDIENCE set on an HS256 secret refuses every unusable token. */
describe('token checks (API process, HS256 with issuer and audience)', () => {
  const prefix = `e2e-auth-${process.pid}`;
  let db: Client;
  let api: AppProcess;
  const input = (): SyncInput => ({
    dataType: 'HEART_RATE',
    anchorToken: 'auth-anchor',
    chunkIndex: 0,
    isFinalChunk: true,
    timeZone: 'Europe/Berlin',
    data: points.heartRates(1, 60).slice(0, 3),
  });

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    api = await startApi(appEnv(prefix, { JWT_ISSUER: ISS, JWT_AUDIENCE: AUD }));
    await api.waitReady();
  });

  afterAll(async () => {
    await api?.stop();
    await clearQueue(prefix);
    await db?.end();
  });

  const refused: [string, () => Promise<string>][] = [
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...good, exp: now() + 300 })}.`],
    ['a wrong algorithm (HS512 with the right secret)', () => sign(good, 'HS512')],
    ['a wrong algorithm (RS256)', async () => sign(good, 'RS256', (await generateKeyPair('RS256')).privateKey)],
    ['an expired token', () => sign({ ...good, exp: now() - 60 })],
    ['a token not yet valid', () => sign({ ...good, nbf: now() + 600 })],
    ['a wrong issuer', () => sign({ ...good, iss: 'https://evil.example/' })],
    ['a wrong audience', () => sign({ ...good, aud: 'another-app' })],
    ['a missing sub', () => sign({ ...good, sub: undefined })],
  ];

  it.each(refused)('refuses %s with UNAUTHENTICATED and writes nothing', async (_, token) => {
    const res = await syncChunk(api.baseUrl, await token(), input());
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data?.syncHealthKitSamples ?? null).toBeNull();
    expect(await countRows(db, 'sync_chunk')).toBe(0);
  });

  it('accepts the same token with the right issuer and audience', async () => {
    const res = await syncChunk(api.baseUrl, await sign(good), input());
    expect(res.errors).toBeUndefined();
    expect(res.data!.syncHealthKitSamples.status).toBe('queued');
    expect(await countRows(db, 'sync_chunk')).toBe(1);
  });
});
