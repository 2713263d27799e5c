import type { Client } from 'pg';
import { connectTestDb, countRows, resetData } from './support/database';
import { gql, syncChunk, SyncInput, SYNC_MUTATION, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi } from './support/processes';
import { appEnv, clearQueue } from './support/test-env';

jest.setTimeout(60_000);

/** A request malformed as a whole gets a coded GraphQL error naming the field, and writes nothing. */
describe('malformed requests (API process)', () => {
  let db: Client;
  let api: AppProcess;
  let token: string;
  const queuePrefix = `e2e-validation-${process.pid}`;

  const good = (): SyncInput => ({
    dataType: 'HEART_RATE',
    anchorToken: 'anchor-1',
    chunkIndex: 0,
    isFinalChunk: true,
    timeZone: 'Europe/Berlin',
    data: points.heartRates(1, 60).slice(0, 5),
  });

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    api = await startApi(appEnv(queuePrefix));
    await api.waitReady();
    token = await tokenFor('user-v');
  });

  afterAll(async () => {
    await api?.stop();
    await db?.end();
    await clearQueue(queuePrefix);
  });

  afterEach(async () => {
    expect(await countRows(db, 'sync_chunk')).toBe(0);
    expect(await countRows(db, 'sync_rejected_item')).toBe(0);
  });

  async function expectError(res: Awaited<ReturnType<typeof gql>>, code: string, field?: string) {
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].extensions?.code).toBe(code);
    if (field) expect(res.errors![0].extensions?.field).toBe(field);
    expect((res.data as { syncHealthKitSamples?: unknown } | null | undefined)?.syncHealthKitSamples ?? null).toBeNull();
  }

  describe('authentication', () => {
    it('refuses a request without a token', async () => {
      await expectError(await syncChunk(api.baseUrl, '', good()), 'UNAUTHENTICATED');
    });

    it('refuses a token signed with another secret', async () => {
      const forged = await tokenFor('user-v', { secret: 'another-secret-another-secret-0000' });
      await expectError(await syncChunk(api.baseUrl, forged, good()), 'UNAUTHENTICATED');
    });

    it('refuses an expired token', async () => {
      const expired = await tokenFor('user-v', { expiresIn: Math.floor(Date.now() / 1000) - 60 });
      const res = await syncChunk(api.baseUrl, expired, good());
      await expectError(res, 'UNAUTHENTICATED');
      expect(res.errors![0].message).toContain('expired');
    });

    it('takes the user only from the token: a userId in the payload is not even accepted', async () => {
      const res = await gql(api.baseUrl, SYNC_MUTATION, { input: { ...good(), userId: 'someone-else' } }, token);
      await expectError(res, 'BAD_USER_INPUT', 'userId');
    });
  });

  describe('the chunk as a whole', () => {
    it('needs a dataType', async () => {
      const { dataType: _omit, ...input } = good();
      const res = await gql(api.baseUrl, SYNC_MUTATION, { input }, token);
      await expectError(res, 'BAD_USER_INPUT', 'dataType');
    });

    it('refuses a dataType that is not a HealthDataType name', async () => {
      await expectError(await syncChunk(api.baseUrl, token, { ...good(), dataType: 'heart rate' }), 'BAD_USER_INPUT', 'dataType');
    });

    it('refuses more than 500 items', async () => {
      const data = points.heartRates(2, 5).slice(0, 501);
      await expectError(await syncChunk(api.baseUrl, token, { ...good(), data }), 'BAD_USER_INPUT', 'data');
    });

    it('refuses an anchor over 8 KiB', async () => {
      const res = await syncChunk(api.baseUrl, token, { ...good(), anchorToken: 'a'.repeat(8 * 1024 + 1) });
      await expectError(res, 'BAD_USER_INPUT', 'anchorToken');
    });

    it('refuses a time zone that is neither IANA nor ±HH:MM', async () => {
      await expectError(await syncChunk(api.baseUrl, token, { ...good(), timeZone: 'CEST' }), 'BAD_USER_INPUT', 'timeZone');
    });

    it('refuses a negative chunk index', async () => {
      await expectError(await syncChunk(api.baseUrl, token, { ...good(), chunkIndex: -1 }), 'BAD_USER_INPUT', 'chunkIndex');
    });

    it('needs data (GraphQL would wrap a lone value into a list, so null is the malformed case)', async () => {
      const res = await gql(api.baseUrl, SYNC_MUTATION, { input: { ...good(), data: null } }, token);
      await expectError(res, 'BAD_USER_INPUT', 'data');
    });
  });

  it('accepts a full 500-item chunk of well over 2 MiB (explicit body limit)', async () => {
    const padding = 'x'.repeat(4000);
    const data = points
      .heartRates(2, 5)
      .slice(0, 500)
      .map((p) => ({ ...p, metadata: { note: padding } }));
    const body = JSON.stringify({ query: SYNC_MUTATION, variables: { input: { ...good(), data } } });
    expect(Buffer.byteLength(body)).toBeGreaterThan(2 * 1024 * 1024);
    const res = await syncChunk(api.baseUrl, token, { ...good(), data });
    expect(res.errors).toBeUndefined();
    expect(res.data!.syncHealthKitSamples.accepted).toBe(500);
    // This one was good: clean it up so the afterEach check holds.
    await db.query('DELETE FROM sync_chunk');
  });
});
