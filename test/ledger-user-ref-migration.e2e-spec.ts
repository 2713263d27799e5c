import { loadDatabaseSettings } from '@app/config';
import { buildDataSourceOptions, MIGRATIONS } from '@app/database';
import { LedgerUserRef1765800000000 } from '@app/database/migrations/1765800000000-ledger-user-ref';
import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { connectTestDb, resetSchema, waitFor } from './support/database';
import { TEST_DATABASE_URL } from './support/test-env';

jest.setTimeout(120_000);

const LEDGER = ['sync_chunk', 'sync_rejected_item', 'sync_run', 'healthkit_sync_state'];

/**
 * A ledger written by the previous version (user_id text): the migration gives every row the
 * app_user id of its subject, making the app_user rows a subject lacks, keeps every unique key, and
 * survives being killed halfway while the old apps keep writing.
 */
describe('LedgerUserRef migration, on a database that holds rows', () => {
  const index = MIGRATIONS.findIndex((m) => m.name === 'LedgerUserRef1765800000000');
  const options = () => buildDataSourceOptions(loadDatabaseSettings({ DATABASE_URL: TEST_DATABASE_URL }), 'migration-test');
  let db: Client;

  beforeAll(async () => {
    db = await connectTestDb();
  });
  afterAll(async () => {
    await db?.end();
  });

  /** (table, id) → subject of every ledger row, read through whichever key the table has. */
  async function subjectsOfRows(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const t of LEDGER) {
      const { rows: cols } = await db.query(
        `SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1 AND column_name IN ('user_id', 'user_ref')`,
        [t],
      );
      const byRef = cols.every((c: { c: string }) => c.c === 'user_ref');
      const { rows } = await db.query(
        byRef
          ? `SELECT x.id::text AS id, u.subject FROM ${t} x JOIN app_user u ON u.id = x.user_ref`
          : `SELECT id::text AS id, user_id AS subject FROM ${t}`,
      );
      for (const r of rows) out[`${t}/${r.id}`] = r.subject;
    }
    return out;
  }

  /** What the previous version wrote for one chunk of a user (ledger row, rejected item, run, state). */
  async function oldChunk(subject: string, dataType: string, chunkIndex: number) {
    const sync = `${subject}-${dataType}`;
    const { rows } = await db.query(
      `INSERT INTO sync_chunk (user_id, data_type, sync_key, anchor_token, chunk_index, is_final, status, content_hash, revision,
         item_count, accepted_count, rejected_count, deleted_count)
       VALUES ($1, $2, $3, $3, $4, false, 'stored', 'h', 0, 2, 1, 1, 0) RETURNING id`,
      [subject, dataType, sync, chunkIndex],
    );
    await db.query(
      `INSERT INTO sync_rejected_item (chunk_id, user_id, data_type, item_index, field, message) VALUES ($1, $2, $3, 1, 'value', 'bad')`,
      [rows[0].id, subject, dataType],
    );
    await db.query(
      `INSERT INTO sync_run (user_id, data_type, sync_key) VALUES ($1, $2, $3) ON CONFLICT (user_id, data_type, sync_key) DO NOTHING`,
      [subject, dataType, sync],
    );
    await db.query(
      `INSERT INTO healthkit_sync_state (user_id, data_type, last_anchor, last_sync_time, anchor_sync_started_at)
       VALUES ($1, $2, $3, now(), now()) ON CONFLICT (user_id, data_type) DO UPDATE SET last_anchor = EXCLUDED.last_anchor`,
      [subject, dataType, sync],
    );
  }

  it('keys every ledger row on its subject’s app_user id, after a kill halfway and a re-run', async () => {
    await resetSchema(db);
    const before = await new DataSource({ ...options(), migrations: MIGRATIONS.slice(0, index) }).initialize();
    await before.runMigrations();
    await before.destroy();

    // Two users the worker knew (app_user rows), two it never stored a chunk of.
    await db.query(`INSERT INTO app_user (subject) VALUES ('other'), ('known-a'), ('known-b')`);
    for (let i = 0; i < 6; i++) {
      await oldChunk('known-a', 'STEPS', i);
      await oldChunk('unknown-c', 'HEART_RATE', i);
      await oldChunk(i % 2 ? 'known-b' : 'unknown-d', 'SLEEP', i);
    }
    // Enough rows that the backfill (2 rows a batch) is still running when it is killed.
    await db.query(
      `INSERT INTO sync_chunk (user_id, data_type, sync_key, anchor_token, chunk_index, is_final, status, content_hash, revision,
         item_count, accepted_count, rejected_count, deleted_count)
       SELECT 'bulk-f', 'STEPS', 'bulk', 'bulk', i, false, 'stored', 'h', 0, 1, 1, 0, 0 FROM generate_series(0, 1999) AS i`,
    );
    const subjects = await subjectsOfRows();
    expect(Object.keys(subjects)).toHaveLength(18 + 2000 + 18 + 4 + 4);

    // Killed halfway through the backfill of sync_chunk, after some committed batches.
    const migration = new LedgerUserRef1765800000000();
    migration.rowsPerBatch = 2;
    const ds = await new DataSource({ ...options(), migrations: [] }).initialize();
    const runner = ds.createQueryRunner();
    await runner.connect();
    const [{ pid }] = await runner.query(`SELECT pg_backend_pid() AS pid`);
    const halfway = migration.up(runner).then(
      () => 'finished',
      (err: Error) => err.message,
    );
    await waitFor(
      'the backfill to commit a few batches',
      async () => {
        const { rows } = await db
          .query(`SELECT done_through::int AS n FROM ledger_user_ref_conversion WHERE tbl = 'sync_chunk'`)
          .catch(() => ({ rows: [] as { n: number }[] }));
        return rows[0]?.n ?? 0;
      },
      (n) => n >= 100,
      20_000,
    );
    await db.query(`SELECT pg_terminate_backend($1)`, [pid]);
    // The backend is gone: the statement in flight fails (or TypeORM, seeing the dead connection, refuses the next).
    expect(await halfway).toMatch(/terminat|released/);
    await runner.release().catch(() => undefined);
    await ds.destroy().catch(() => undefined);

    const { rows: progress } = await db.query(`SELECT tbl, done_through::int AS n FROM ledger_user_ref_conversion`);
    expect(progress).toEqual([{ tbl: 'sync_chunk', n: expect.any(Number) }]);
    const done = progress[0].n;
    const { rows: filled } = await db.query(
      `SELECT count(*) FILTER (WHERE id <= $1 AND user_ref IS NOT NULL)::int AS done, count(*) FILTER (WHERE user_ref IS NULL)::int AS left
       FROM sync_chunk`,
      [done],
    );
    expect(filled[0].done).toBe(done);
    expect(filled[0].left).toBeGreaterThan(0);

    // The previous version keeps writing meanwhile, for a user it never had: the trigger keys the row.
    await oldChunk('during-e', 'STEPS', 0);
    Object.assign(subjects, await subjectsOfRows());

    const after = await new DataSource(options()).initialize();
    try {
      const applied = await after.runMigrations();
      expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.slice(index).map((m) => m.name));

      // Every row, old or written halfway, names its own subject through app_user.
      expect(await subjectsOfRows()).toEqual(subjects);
      const { rows: users } = await db.query(`SELECT subject FROM app_user ORDER BY id`);
      expect(users.slice(0, 3).map((u: { subject: string }) => u.subject)).toEqual(['other', 'known-a', 'known-b']);
      // The subjects without one got an app_user row; the known ones kept theirs.
      expect(users.map((u: { subject: string }) => u.subject).sort()).toEqual(
        ['bulk-f', 'during-e', 'known-a', 'known-b', 'other', 'unknown-c', 'unknown-d'].sort(),
      );

      // No user_id left; user_ref required; the unique keys hold on user_ref under their names.
      const { rows: columns } = await db.query(
        `SELECT table_name AS t, column_name AS c, is_nullable AS nullable FROM information_schema.columns
         WHERE table_name = ANY($1) AND column_name IN ('user_id', 'user_ref') ORDER BY 1`,
        [LEDGER],
      );
      expect(columns).toEqual([...LEDGER].sort().map((t) => ({ t, c: 'user_ref', nullable: 'NO' })));
      const { rows: indexes } = await db.query(
        `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = ANY($1) AND indexdef LIKE '%user_ref%' ORDER BY 1`,
        [LEDGER],
      );
      expect(indexes.map((i: { name: string; def: string }) => [i.name, /UNIQUE/.test(i.def)])).toEqual([
        ['ix_sync_rejected_item_user_created', false],
        ['uq_healthkit_sync_state_user_type', true],
        ['uq_sync_chunk_sync_index', true],
        ['uq_sync_run_sync', true],
      ]);
      await expect(
        db.query(
          `INSERT INTO sync_run (user_ref, data_type, sync_key) SELECT user_ref, data_type, sync_key FROM sync_run LIMIT 1`,
        ),
      ).rejects.toThrow(/uq_sync_run_sync/);
      // Nothing of the conversion is left.
      const { rows: leftovers } = await db.query(
        `SELECT (SELECT count(*)::int FROM pg_trigger WHERE tgname LIKE '%user_ref_fill') AS triggers,
                to_regclass('ledger_user_ref_conversion') IS NULL AS no_progress,
                (SELECT count(*)::int FROM pg_constraint WHERE conname LIKE 'ck_%_user_ref') AS checks`,
      );
      expect(leftovers).toEqual([{ triggers: 0, no_progress: true, checks: 0 }]);

      // Down gives the previous version its user_id back.
      await after.undoLastMigration();
      expect(await subjectsOfRows()).toEqual(subjects);
    } finally {
      await after.destroy();
    }
  });
});
