import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { Client } from 'pg';
import { chromium } from 'playwright-core';
import { connectTestDb, countRows, resetSchema, waitFor } from './support/database';
import { chunksOf, syncChunk, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi, startWorker } from './support/processes';
import { appEnv, clearQueue, TEST_JWT_SECRET } from './support/test-env';

jest.setTimeout(120_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHUNKS_CLI = join(__dirname, '..', 'scripts', 'chunks.js');

/** A PostgreSQL trigger that makes every health-row insert fail, until dropped: a chunk that fails for real. */
const BREAK_INSERTS = `
CREATE OR REPLACE FUNCTION e2e_fail_insert() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'disk on fire (e2e)'; END $$;
CREATE TRIGGER e2e_fail_insert BEFORE INSERT ON healthkit_sample FOR EACH ROW EXECUTE FUNCTION e2e_fail_insert();`;
const FIX_INSERTS = 'DROP TRIGGER IF EXISTS e2e_fail_insert ON healthkit_sample';

/**
 * bull-board behind the admin-claim check, seen by a real browser, and the chunk scripts repairing
 * chunks that failed in the built worker.
 */
describe('queue admin: bull-board and chunk scripts', () => {
  let db: Client;
  let api: AppProcess;
  let worker: AppProcess;
  const queuePrefix = `e2e-admin-${process.pid}`;
  const env = appEnv(queuePrefix, { JOB_ATTEMPTS: '1', QUEUE_ADMIN_CLAIM: 'groups', QUEUE_ADMIN_CLAIM_VALUE: 'ops' });

  const adminToken = () =>
    new SignJWT({ groups: ['ops'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('operator-1')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));

  const chunksCli = async (...args: string[]) => {
    const run = spawnSync(process.execPath, [CHUNKS_CLI, ...args], { env, encoding: 'utf8', timeout: 30_000 });
    if (run.status !== 0) throw new Error(`chunks ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
    return run.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
  };

  async function failedChunkOf(userId: string, anchor: string) {
    await db.query(BREAK_INSERTS);
    try {
      const [input] = chunksOf('HEART_RATE', anchor, points.heartRates(1, 60).slice(0, 3));
      expect((await syncChunk(api.baseUrl, await tokenFor(userId), input)).errors).toBeUndefined();
      return await waitFor(
        'the chunk to fail',
        async () => (await db.query(`SELECT id::text, status, error FROM sync_chunk WHERE anchor_token = $1`, [anchor])).rows[0],
        (row) => row?.status === 'failed',
        20_000,
      );
    } finally {
      await db.query(FIX_INSERTS);
    }
  }

  beforeAll(async () => {
    db = await connectTestDb();
    await resetSchema(db);
    [api, worker] = await Promise.all([startApi(env), startWorker(env)]);
    await Promise.all([api.waitReady(), worker.waitReady()]);
  });

  afterAll(async () => {
    await Promise.all([api?.stop(), worker?.stop()]);
    await db?.end();
    await clearQueue(queuePrefix);
  });

  it('answers 401 without a valid token and 403 without the admin claim, on the page and on its API', async () => {
    const get = async (path: string, token?: string) =>
      (await fetch(`${api.baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })).status;
    const forged = await new SignJWT({ groups: ['ops'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-0000'));
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      expect(await get(path)).toBe(401);
      expect(await get(path, forged)).toBe(401);
      expect(await get(path, await tokenFor('plain-user'))).toBe(403);
      expect(await get(path, await adminToken())).toBe(200);
    }
  });

  it('shows the queue and a failed chunk with its reason in a real browser (admin token)', async () => {
    // Installed by .ci/run (apt-get install chromium); a missing browser is a failure, not a skip.
    expect(existsSync(CHROMIUM)).toBe(true);
    await failedChunkOf('user-admin-browser', 'anchor-admin-browser');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    try {
      const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${await adminToken()}` } });
      const page = await context.newPage();
      await page.goto(`${api.baseUrl}/admin/queues/queue/health-sync?status=failed`);
      await page.getByText('health-sync').first().waitFor({ timeout: 20_000 });
      await page.getByText('disk on fire (e2e)').first().waitFor({ timeout: 20_000 });
      // Without the token the same page is refused.
      const anonymous = await browser.newContext();
      const refused = await (await anonymous.newPage()).goto(`${api.baseUrl}/admin/queues`);
      expect(refused?.status()).toBe(401);
    } finally {
      await browser.close();
    }
  });

  it('chunks failed lists the reason; chunks retry stores the chunk once the cause is gone', async () => {
    const failed = await failedChunkOf('user-admin-retry', 'anchor-admin-retry');
    const listed = (await chunksCli('failed')).find((c) => c.id === failed.id);
    expect(listed).toMatchObject({ status: 'failed', jobState: 'failed', dataType: 'HEART_RATE' });
    expect(listed.error).toContain('disk on fire (e2e)');
    expect(listed.user).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(listed)).not.toContain('user-admin-retry');

    const retried = await chunksCli('retry', failed.id);
    expect(retried).toEqual([expect.objectContaining({ id: failed.id, action: 'retried' })]);
    await waitFor(
      'the retried chunk to be stored',
      async () => (await db.query(`SELECT status FROM sync_chunk WHERE id = $1`, [failed.id])).rows[0].status,
      (s) => s === 'stored',
      20_000,
    );
    expect(await countRows(db, 'healthkit_sample', 'user_id = $1', ['user-admin-retry'])).toBe(3);
  });

  it("chunks redrive runs one user's unstored chunks and reports those only the phone can re-send", async () => {
    const failed = await failedChunkOf('user-admin-redrive', 'anchor-admin-redrive');
    // A ledger row whose job Redis lost: queued, no job.
    const { rows } = await db.query(
      `INSERT INTO sync_chunk (user_id, data_type, sync_key, anchor_token, chunk_index, is_final, status, content_hash, revision,
         item_count, accepted_count, rejected_count, deleted_count)
       VALUES ('user-admin-redrive', 'STEPS', 'lost', 'anchor-lost', 0, true, 'queued', 'lost', 0, 1, 1, 0, 0) RETURNING id::text`,
    );
    const lostId = rows[0].id;
    const results = await chunksCli('redrive', 'user-admin-redrive');
    expect(results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: failed.id, action: 'retried' }),
        expect.objectContaining({ id: lostId, action: 'missing: the phone re-sends it', jobState: 'missing' }),
      ]),
    );
    expect(results).toHaveLength(2);
    await waitFor(
      'the redriven chunk to be stored',
      async () => (await db.query(`SELECT status FROM sync_chunk WHERE id = $1`, [failed.id])).rows[0].status,
      (s) => s === 'stored',
      20_000,
    );
  });
});
