import type { Client } from 'pg';
import { connectTestDb, countRows, orphanedHealthRows, resetData, waitFor, waitForChunksSettled } from './support/database';
import { chunksOf, syncChunk, SyncInput, tokenFor } from './support/graphql-client';
import * as points from './support/health-points';
import { AppProcess, startApi, startWorker } from './support/processes';
import { appEnv, clearQueue, testQueue } from './support/test-env';

jest.setTimeout(120_000);

/** A PostgreSQL trigger that makes every sample insert fail, until dropped: chunks that fail for real. */
const BREAK_INSERTS = `
CREATE OR REPLACE FUNCTION e2e_fail_insert() RETURNS trigger LANGUAGE plpgsql AS
  $$ BEGIN RAISE EXCEPTION 'disk on fire (e2e)'; END $$;
CREATE TRIGGER e2e_fail_insert BEFORE INSERT ON healthkit_sample FOR EACH ROW EXECUTE FUNCTION e2e_fail_insert();`;
const FIX_INSERTS = 'DROP TRIGGER IF EXISTS e2e_fail_insert ON healthkit_sample';

/** The phone's local time of `daysAgo` days before now, as the `health` package writes it (no offset). */
function recent<T extends { dateFrom: string; dateTo: string }>(pts: T[], daysAgo: number): T[] {
  const day = new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  return pts.map((p) => ({ ...p, dateFrom: `${day}${p.dateFrom.slice(10)}`, dateTo: `${day}${p.dateTo.slice(10)}` }));
}

/**
 * Retention through the built worker: besides the health rows, what was derived from health data
 * ages out with the same setting: the contexts (metadata) no row uses any more, rejected items with
 * their raw JSON, the reason and kept payload of failed chunks. Newer ones stay.
 */
describe('retention of everything derived from health data (built worker)', () => {
  const prefix = `e2e-retention-derived-${process.pid}`;
  const env = appEnv(prefix, { JOB_ATTEMPTS: '1' });
  const procs: AppProcess[] = [];
  let db: Client;

  async function upload(baseUrl: string, user: string, inputs: SyncInput[]) {
    const token = await tokenFor(user);
    for (const input of inputs) {
      const res = await syncChunk(baseUrl, token, input);
      if (res.errors) throw new Error(JSON.stringify(res.errors));
    }
  }
  const withRejected = <T extends { dateFrom: string }>(pts: T[], tag: string) => [
    ...pts,
    { ...pts[0], uuid: `bad-${tag}`, dateTo: '2020-01-01T00:00:00.000' }, // ends before it starts: rejected
  ];

  beforeAll(async () => {
    db = await connectTestDb();
    await resetData(db);
    await clearQueue(prefix);
  });

  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await db.query(FIX_INSERTS).catch(() => undefined);
    await clearQueue(prefix);
    await db?.end();
  });

  it('deletes old rows, their unused contexts, old rejected items and old failure details; keeps the recent ones', async () => {
    const api = await startApi(env);
    const worker = await startWorker(env);
    procs.push(api);
    await Promise.all([api.waitReady(), worker.waitReady()]);
    // Old data (September 2025) and recent data, each with an item the API rejects.
    await upload(api.baseUrl, 'user-old', [
      ...chunksOf('HEART_RATE', 'hr-old', withRejected(points.heartRates(1, 30), 'old')),
      ...chunksOf('STEPS', 'steps-old', points.steps(1)),
    ]);
    await upload(
      api.baseUrl,
      'user-new',
      chunksOf('HEART_RATE', 'hr-new', withRejected(recent(points.heartRates(1, 30), 2), 'new')),
    );
    await waitForChunksSettled(db);
    // One failed chunk each (the ledger keeps its reason and payload for `npm run chunks -- retry`).
    await db.query(BREAK_INSERTS);
    try {
      await upload(api.baseUrl, 'user-old', chunksOf('HEART_RATE', 'hr-old-failed', points.heartRates(1, 60).slice(0, 3)));
      await upload(
        api.baseUrl,
        'user-new',
        chunksOf('HEART_RATE', 'hr-new-failed', recent(points.heartRates(1, 60).slice(0, 3), 1)),
      );
      await waitFor(
        'both chunks failed',
        () => countRows(db, 'sync_chunk', "status = 'failed' AND error IS NOT NULL AND pending_payload IS NOT NULL"),
        (n) => n === 2,
      );
    } finally {
      await db.query(FIX_INSERTS);
    }
    await worker.stop();
    // user-old's ledger and rejected items date from then too.
    await db.query(
      `UPDATE sync_rejected_item SET created_at = now() - interval '40 days' WHERE user_ref = (SELECT id FROM app_user WHERE subject = 'user-old')`,
    );
    await db.query(
      `UPDATE sync_chunk SET updated_at = now() - interval '40 days' WHERE user_ref = (SELECT id FROM app_user WHERE subject = 'user-old')`,
    );
    expect(await countRows(db, 'sample_context', 'user_ref = (SELECT id FROM app_user WHERE subject = $1)', ['user-old'])).toBe(
      2,
    );
    expect(await countRows(db, 'sync_rejected_item')).toBe(2);

    const retaining = await startWorker({
      ...env,
      LOG_LEVEL: 'info',
      RETENTION_MAX_AGE_DAYS: '30',
      RETENTION_FIRST_RUN_DELAY: '1s',
    });
    procs.push(retaining);
    await waitFor(
      'a retention run',
      async () => /retention done/.test(retaining.text()),
      (done) => done,
      30_000,
    );

    // The old health rows, and the contexts (metadata, units, phone) only they used.
    expect(await countRows(db, 'healthkit_sample', 'user_id = $1', ['user-old'])).toBe(0);
    expect(await countRows(db, 'sample_context', 'user_ref = (SELECT id FROM app_user WHERE subject = $1)', ['user-old'])).toBe(
      0,
    );
    expect(await countRows(db, 'healthkit_sample', 'user_id = $1', ['user-new'])).toBe(48);
    expect(await countRows(db, 'sample_context', 'user_ref = (SELECT id FROM app_user WHERE subject = $1)', ['user-new'])).toBe(
      1,
    );
    expect(await orphanedHealthRows(db)).toBe(0);
    // Rejected items with their raw JSON: the old one gone, the recent one kept.
    expect(
      (await db.query(`SELECT u.subject AS user_id FROM sync_rejected_item r JOIN app_user u ON u.id = r.user_ref`)).rows,
    ).toEqual([{ user_id: 'user-new' }]);
    // A failed chunk's reason and payload: cleared when old, kept when recent (the row itself is the sync's record).
    const { rows: failed } = await db.query(
      `SELECT u.subject AS user_id, error IS NOT NULL AS has_error, pending_payload IS NOT NULL AS has_payload
       FROM sync_chunk c JOIN app_user u ON u.id = c.user_ref WHERE status = 'failed' ORDER BY u.subject`,
    );
    expect(failed).toEqual([
      { user_id: 'user-new', has_error: true, has_payload: true },
      { user_id: 'user-old', has_error: false, has_payload: false },
    ]);
    // Redis: jobs carry the ledger reference only, never a payload or a user.
    const queue = testQueue(prefix);
    try {
      const finished = await queue.getJobs(['completed', 'failed']);
      expect(finished.length).toBeGreaterThan(0);
      for (const job of finished) {
        expect(Object.keys(job.data).sort()).toEqual(['chunkId', 'chunkIndex', 'dataType', 'jobUuid', 'revision']);
        expect(JSON.stringify(job.data)).not.toMatch(/user-(old|new)|BEATS_PER_MINUTE/);
      }
    } finally {
      await queue.close();
    }
  });
});
