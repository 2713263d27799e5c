import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's tables, with the index that leads with the user: its name (kept) and its columns
 * once the user is user_ref. Frozen here: this migration imports no project code.
 */
const TABLES = [
  { name: 'sync_chunk', index: 'uq_sync_chunk_sync_index', unique: true, columns: 'user_ref, data_type, sync_key, chunk_index' },
  { name: 'sync_rejected_item', index: 'ix_sync_rejected_item_user_created', unique: false, columns: 'user_ref, created_at' },
  { name: 'sync_run', index: 'uq_sync_run_sync', unique: true, columns: 'user_ref, data_type, sync_key' },
  { name: 'healthkit_sync_state', index: 'uq_healthkit_sync_state_user_type', unique: true, columns: 'user_ref, data_type' },
] as const;

type LedgerTable = (typeof TABLES)[number];

const PROGRESS = 'ledger_user_ref_conversion';
const FILL_FUNCTION = 'ledger_user_ref_fill';
const trigger = (t: LedgerTable) => `${t.name}_user_ref_fill`;
const check = (t: LedgerTable) => `ck_${t.name}_user_ref`;
const newIndex = (t: LedgerTable) => `${t.index}_ref`;

/**
 * The ledger (sync_chunk, sync_rejected_item, sync_run, healthkit_sync_state) keys on user_ref, the
 * app_user id, like the health tables, instead of the subject text (issue 18: one user identity).
 * Subjects without an app_user row get one.
 *
 * Runs outside one transaction and can be killed and run again, table by table:
 * 1. a nullable user_ref column, and a trigger that fills it (making the app_user row) for every
 *    row the running apps write meanwhile;
 * 2. the existing rows in committed batches by id, recording how far it got;
 * 3. a NOT VALID check that user_ref is set, validated without blocking writes, and the new index
 *    built CONCURRENTLY (an invalid one left by a kill is built again);
 * 4. one short transaction: user_ref NOT NULL (the valid check spares the scan), the new index
 *    takes the old one's name, user_id goes.
 * A table whose user_id is gone is done. The apps of the previous version stop working on a table
 * once its swap committed (they write user_id): deploy the new version right after.
 */
export class LedgerUserRef1765800000000 implements MigrationInterface {
  name = 'LedgerUserRef1765800000000';
  transaction = false as const;
  /** Rows per committed batch of the backfill (a test makes it small to stop the conversion halfway). */
  rowsPerBatch = 5_000;

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION ${FILL_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- DO NOTHING waits for a concurrent insert of the same subject; the SELECT after it finds the row.
        INSERT INTO app_user (subject) VALUES (NEW.user_id) ON CONFLICT (subject) DO NOTHING;
        SELECT id INTO NEW.user_ref FROM app_user WHERE subject = NEW.user_id;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TABLE IF NOT EXISTS ${PROGRESS} (tbl text PRIMARY KEY, done_through bigint NOT NULL)`);
    for (const t of TABLES) {
      if (!(await this.hasUserId(q, t))) continue; // its swap committed in an earlier run
      await this.prepare(q, t);
      await this.backfill(q, t);
      await this.constrain(q, t);
      await this.swap(q, t);
    }
    await q.query(`DROP TABLE ${PROGRESS}`);
    await q.query(`DROP FUNCTION ${FILL_FUNCTION}()`);
  }

  private async hasUserId(q: QueryRunner, t: LedgerTable): Promise<boolean> {
    const rows = await q.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'user_id'`,
      [t.name],
    );
    return rows.length > 0;
  }

  private async prepare(q: QueryRunner, t: LedgerTable) {
    await q.query(`ALTER TABLE ${t.name} ADD COLUMN IF NOT EXISTS user_ref integer`);
    // From here on every row written with a user_id gets its user_ref too.
    await q.query(`CREATE OR REPLACE TRIGGER ${trigger(t)} BEFORE INSERT OR UPDATE OF user_id ON ${t.name}
      FOR EACH ROW EXECUTE FUNCTION ${FILL_FUNCTION}()`);
    await q.query(`INSERT INTO ${PROGRESS} (tbl, done_through) VALUES ($1, 0) ON CONFLICT DO NOTHING`, [t.name]);
  }

  /** Rows written before the trigger: ids up to the largest one now (later rows had the trigger). */
  private async backfill(q: QueryRunner, t: LedgerTable) {
    const [{ last }] = await q.query(`SELECT coalesce(max(id), 0)::bigint::text AS last FROM ${t.name}`);
    const [{ from }] = await q.query(`SELECT done_through::text AS "from" FROM ${PROGRESS} WHERE tbl = $1`, [t.name]);
    for (let lo = BigInt(from); lo < BigInt(last); lo += BigInt(this.rowsPerBatch)) {
      const hi = (lo + BigInt(this.rowsPerBatch)).toString();
      await q.startTransaction();
      await q.query(
        `INSERT INTO app_user (subject) SELECT DISTINCT user_id FROM ${t.name}
         WHERE id > $1 AND id <= $2 AND user_ref IS NULL ORDER BY 1 ON CONFLICT (subject) DO NOTHING`,
        [lo.toString(), hi],
      );
      await q.query(
        `UPDATE ${t.name} x SET user_ref = u.id FROM app_user u
         WHERE u.subject = x.user_id AND x.id > $1 AND x.id <= $2 AND x.user_ref IS NULL`,
        [lo.toString(), hi],
      );
      await q.query(`UPDATE ${PROGRESS} SET done_through = $2 WHERE tbl = $1`, [t.name, hi]);
      await q.commitTransaction();
    }
  }

  private async constrain(q: QueryRunner, t: LedgerTable) {
    const [constraint] = await q.query(`SELECT convalidated FROM pg_constraint WHERE conname = $1 AND conrelid = $2::regclass`, [
      check(t),
      t.name,
    ]);
    if (!constraint) {
      await q.query(`ALTER TABLE ${t.name} ADD CONSTRAINT ${check(t)} CHECK (user_ref IS NOT NULL) NOT VALID`);
    }
    if (!constraint?.convalidated) await q.query(`ALTER TABLE ${t.name} VALIDATE CONSTRAINT ${check(t)}`);
    // A CONCURRENTLY build that was killed leaves an invalid index behind: built again.
    const [index] = await q.query(
      `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace`,
      [newIndex(t)],
    );
    if (index && !index.valid) await q.query(`DROP INDEX CONCURRENTLY "${newIndex(t)}"`);
    if (!index?.valid) {
      await q.query(`CREATE ${t.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY "${newIndex(t)}" ON ${t.name} (${t.columns})`);
    }
  }

  private async swap(q: QueryRunner, t: LedgerTable) {
    await q.startTransaction();
    await q.query(`LOCK TABLE ${t.name} IN ACCESS EXCLUSIVE MODE`);
    await q.query(`ALTER TABLE ${t.name} ALTER COLUMN user_ref SET NOT NULL`);
    await q.query(`ALTER TABLE ${t.name} DROP CONSTRAINT ${check(t)}`);
    await q.query(`DROP TRIGGER ${trigger(t)} ON ${t.name}`);
    await q.query(`DROP INDEX "${t.index}"`);
    await q.query(`ALTER INDEX "${newIndex(t)}" RENAME TO "${t.index}"`);
    await q.query(`ALTER TABLE ${t.name} DROP COLUMN user_id`);
    await q.query(`DELETE FROM ${PROGRESS} WHERE tbl = $1`, [t.name]);
    await q.commitTransaction();
  }

  /** Back to user_id, in one transaction (a rollback is for databases of test size). */
  public async down(q: QueryRunner): Promise<void> {
    await q.startTransaction();
    for (const t of TABLES) {
      await q.query(`ALTER TABLE ${t.name} ADD COLUMN user_id text`);
      await q.query(`UPDATE ${t.name} x SET user_id = u.subject FROM app_user u WHERE u.id = x.user_ref`);
      await q.query(`ALTER TABLE ${t.name} ALTER COLUMN user_id SET NOT NULL`);
      await q.query(`DROP INDEX "${t.index}"`);
      await q.query(
        `CREATE ${t.unique ? 'UNIQUE ' : ''}INDEX "${t.index}" ON ${t.name} (${t.columns.replace('user_ref', 'user_id')})`,
      );
      await q.query(`ALTER TABLE ${t.name} DROP COLUMN user_ref`);
    }
    await q.commitTransaction();
  }
}
