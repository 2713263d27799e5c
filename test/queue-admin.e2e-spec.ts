import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import type { Client } from 'pg';
import { chromium } from 'playwright-core';
import { connectTestDb, countRows, resetData, waitFor } from './support/database';
import { chunksOf, syncChunk, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, freePort } from './support/processes';
import { Pipeline, startPipeline } from './support/pipeline';
import { appEnv, TEST_JWT_SECRET, testQueue } from './support/test-env';

jest.setTimeout(120_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHUNKS_CLI = join(__dirname, '..', 'scripts', 'chunks.js');

/** A PostgreSQL trigger that makes every health-row insert fail, until dropped: a chunk that fails for real. */
const BREAK_INSERTS = `
CREATE OR REPLACE FUNCTION e2e_fail_insert() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'disk on fire (e2e)'; END $$;
CREATE TRIGGER e2e_fail_insert BEFORE INSERT ON healthkit_sample FOR EACH ROW EXECUTE FUNCTION e2e_fail_insert();`;
const FIX_INSERTS = 'DROP TRIGGER IF EXISTS e2e_fail_insert ON healthkit_sample';

const ADMIN_AUDIENCE = 'healthsync-queue-admin';

/**
 * bull-board on its own listener (never the public one), read-only, behind an admin-audience token
 * with the admin claim, seen by a real browser; and the chunk scripts, the only way to change
 * anything, repairing chunks that failed in the built worker.
 */
describe('queue admin: bull-board and chunk scripts', () => {
  let db: Client;
  let api: AppProcess;
  let pipeline: Pipeline;
  let adminUrl: string;
  const queuePrefix = `e2e-admin-${process.pid}`;
  let env: Record<string, string>;

  const signed = (claims: Record<string, unknown>, audience?: string) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('operator-1').setExpirationTime('1h');
    return (audience ? jwt.setAudience(audience) : jwt).sign(new TextEncoder().encode(TEST_JWT_SECRET));
  };
  const adminToken = () => signed({ groups: ['ops'] }, ADMIN_AUDIENCE);

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
    const adminPort = await freePort();
    adminUrl = `http://127.0.0.1:${adminPort}`;
    env = appEnv(queuePrefix, {
      JOB_ATTEMPTS: '1',
      QUEUE_ADMIN_CLAIM: 'groups',
      QUEUE_ADMIN_CLAIM_VALUE: 'ops',
      ADMIN_PORT: String(adminPort),
      ADMIN_JWT_AUDIENCE: ADMIN_AUDIENCE,
    });
    db = await connectTestDb();
    await resetData(db);
    pipeline = await startPipeline(queuePrefix, { env });
    ({ api } = pipeline);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await db?.end();
  });

  it('is not on the public listener, and on its own answers 401 to any token but an admin-audience one, 403 without the claim', async () => {
    const get = async (base: string, path: string, token?: string) =>
      (await fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })).status;
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      // The public listener (what the load balancer forwards) has no admin, whatever the token.
      expect(await get(api.baseUrl, path, await adminToken())).toBe(404);
    }
    const forged = await new SignJWT({ groups: ['ops'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setAudience(ADMIN_AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-0000'));
    for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
      expect(await get(adminUrl, path)).toBe(401);
      expect(await get(adminUrl, path, forged)).toBe(401);
      expect(await get(adminUrl, path, await tokenFor('plain-user'))).toBe(401);
      // A phone token carrying the admin claim is still a phone token.
      expect(await get(adminUrl, path, await signed({ groups: ['ops'] }))).toBe(401);
      expect(await get(adminUrl, path, await signed({ groups: ['ops'] }, 'healthsync-phone'))).toBe(401);
      expect(await get(adminUrl, path, await signed({ groups: ['readers'] }, ADMIN_AUDIENCE))).toBe(403);
      expect(await get(adminUrl, path, await adminToken())).toBe(200);
    }
  });

  it('is read-only: every action answers 405 and changes nothing; a job shows no health data and no user', async () => {
    const [input] = chunksOf('HEART_RATE', 'anchor-admin-view', points.heartRates(1, 60).slice(0, 3));
    const res = await syncChunk(api.baseUrl, await tokenFor('user-admin-view'), input);
    expect(res.errors).toBeUndefined();
    await waitFor(
      'the chunk stored',
      () => countRows(db, 'sync_chunk', "anchor_token = 'anchor-admin-view' AND status = 'stored'"),
      (n) => n === 1,
    );
    const headers = { authorization: `Bearer ${await adminToken()}`, 'content-type': 'application/json' };
    const actions: [string, string][] = [
      ['PUT', '/api/queues/health-sync/obliterate'],
      ['PUT', '/api/queues/health-sync/empty'],
      ['PUT', '/api/queues/health-sync/clean/completed'],
      ['PUT', '/api/queues/health-sync/retry/failed'],
      ['PUT', '/api/queues/health-sync/pause'],
      ['POST', '/api/queues/health-sync/add'],
    ];
    const direct = testQueue(queuePrefix);
    const countsBefore = await direct.getJobCounts();
    for (const [method, path] of actions) {
      const answer = await fetch(`${adminUrl}/admin/queues${path}`, {
        method,
        headers,
        body: JSON.stringify({ name: 'x', data: {} }),
      });
      expect([method, path, answer.status]).toEqual([method, path, 405]);
    }
    try {
      expect(await direct.getJobCounts()).toEqual(countsBefore);
      expect(await direct.isPaused()).toBe(false);
    } finally {
      await direct.close();
    }
    const listed = (await (
      await fetch(`${adminUrl}/admin/queues/api/queues?activeQueue=health-sync&status=completed`, { headers })
    ).json()) as { queues: { name: string; readOnlyMode: boolean; counts: Record<string, number> }[] };
    const queue = listed.queues.find((q) => q.name === 'health-sync')!;
    expect(queue.readOnlyMode).toBe(true);
    expect(queue.counts.completed).toBeGreaterThanOrEqual(1);
    const text = JSON.stringify(listed);
    expect(text).toContain('"payload":"in the ledger"');
    expect(text).not.toContain('user-admin-view');
    expect(text).not.toContain('BEATS_PER_MINUTE');
  });

  it('shows the queue and a failed chunk with its reason in a real browser (admin token)', async () => {
    // Installed by .ci/run (apt-get install chromium); a missing browser is a failure, not a skip.
    expect(existsSync(CHROMIUM)).toBe(true);
    await failedChunkOf('user-admin-browser', 'anchor-admin-browser');
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    try {
      const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${await adminToken()}` } });
      const page = await context.newPage();
      await page.goto(`${adminUrl}/admin/queues/queue/health-sync?status=failed`);
      await page.getByText('health-sync').first().waitFor({ timeout: 20_000 });
      await page.getByText('PostgreSQL error SQLSTATE P0001').first().waitFor({ timeout: 20_000 });
      // Without the token the same page is refused.
      const anonymous = await browser.newContext();
      const refused = await (await anonymous.newPage()).goto(`${adminUrl}/admin/queues`);
      expect(refused?.status()).toBe(401);
    } finally {
      await browser.close();
    }
  });

  it('chunks failed lists the reason; chunks retry stores the chunk once the cause is gone', async () => {
    const failed = await failedChunkOf('user-admin-retry', 'anchor-admin-retry');
    const listed = (await chunksCli('failed')).find((c) => c.id === failed.id);
    // The failed job is kept without its health data; the ledger row holds the reason (no values).
    expect(listed).toMatchObject({ status: 'failed', jobState: 'failed', dataType: 'HEART_RATE' });
    expect(listed.error).toBe('PostgreSQL error SQLSTATE P0001');
    expect(listed.user).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(listed)).not.toContain('user-admin-retry');

    const retried = await chunksCli('retry', failed.id);
    expect(retried).toEqual([expect.objectContaining({ id: failed.id, action: 'enqueued from the ledger' })]);
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
      `INSERT INTO sync_chunk (user_ref, data_type, sync_key, anchor_token, chunk_index, is_final, status, content_hash, revision,
         item_count, accepted_count, rejected_count, deleted_count)
       SELECT id, 'STEPS', 'lost', 'anchor-lost', 0, true, 'queued', 'lost', 0, 1, 1, 0, 0 FROM app_user WHERE subject = 'user-admin-redrive'
       RETURNING id::text`,
    );
    const lostId = rows[0].id;
    const results = await chunksCli('redrive', 'user-admin-redrive');
    expect(results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: failed.id, action: 'enqueued from the ledger' }),
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
