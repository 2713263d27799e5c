import { MigrationInterface, QueryRunner } from 'typeorm';

/** Users whose rows are converted per committed batch. */
const USERS_PER_BATCH = 50;

interface Conversion {
  table: string;
  /** The unique key that names the user: rebuilt with user_ref in user_id's place, same name. */
  unique: { name: string; columns: string; where?: string; primaryKey?: { old: string; new: string } };
  /** health_data_erasure clears its user when an erasure is done: the column stays nullable there. */
  nullable?: boolean;
}

const CONVERSIONS: Conversion[] = [
  {
    table: 'healthkit_source',
    unique: { name: 'uq_healthkit_source_natural_key', columns: 'user_ref, platform, bundle_id, name' },
  },
  {
    table: 'source_precedence',
    unique: { name: 'uq_source_precedence_user_source_type', columns: 'user_ref, source_id, sample_type' },
  },
  {
    table: 'sample_rollup',
    unique: {
      name: 'pk_sample_rollup',
      columns: 'user_ref, sample_type, bucket_start, source_id',
      primaryKey: { old: 'PK_157825833ef0d669a97a69297f0', new: 'pk_sample_rollup' },
    },
  },
  { table: 'user_profile', unique: { name: 'uq_user_profile_user', columns: 'user_ref' } },
  {
    table: 'health_data_erasure',
    unique: { name: 'uq_health_data_erasure_running_user', columns: 'user_ref', where: `"status" = 'running'` },
    nullable: true,
  },
];

const FILL_FUNCTION = 'user_ref_of_user_id';
const temp = (c: Conversion) => `${c.unique.name}_r`;
const check = (c: Conversion) => `ck_${c.table}_user_ref`;

/**
 * healthkit_source, source_precedence, sample_rollup, user_profile and health_data_erasure name
 * their user by `user_ref` (the app_user id), as the health tables do, instead of the subject text.
 * Frozen SQL, no project code. Like SamplePartitions1765400000000 it runs outside one transaction
 * and can be killed and run again:
 * 1. per table a nullable user_ref column, and a trigger that fills it (making the app_user row a
 *    subject lacks) on every write the apps make meanwhile;
 * 2. the app_user rows every subject lacks, then user_ref of the existing rows, in committed
 *    batches of 50 users (a row still NULL is what is left to do, so a rerun resumes);
 * 3. NOT NULL proven by a validated CHECK and the new unique indexes built beside the old ones, so that:
 * 4. the swap, one short transaction, only switches: the unique keys take their old names with
 *    user_ref in user_id's place, user_id and the trigger go.
 */
export class UserRef1765810000000 implements MigrationInterface {
  name = 'UserRef1765810000000';
  transaction = false as const;

  public async up(q: QueryRunner): Promise<void> {
    const remaining = await q.query(
      `SELECT table_name AS t FROM information_schema.columns
       WHERE table_schema = current_schema() AND column_name = 'user_id' AND table_name = ANY($1::text[])`,
      [CONVERSIONS.map((c) => c.table)],
    );
    if (remaining.length === 0) return; // the swap of an earlier run committed

    await q.query(`CREATE OR REPLACE FUNCTION ${FILL_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.user_id IS NULL THEN
          NEW.user_ref := NULL;
        ELSIF NEW.user_ref IS NULL OR (TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id) THEN
          INSERT INTO app_user (subject) VALUES (NEW.user_id) ON CONFLICT (subject) DO NOTHING;
          SELECT id INTO NEW.user_ref FROM app_user WHERE subject = NEW.user_id;
        END IF;
        RETURN NEW;
      END $$`);
    for (const c of CONVERSIONS) {
      await q.query(`ALTER TABLE ${c.table} ADD COLUMN IF NOT EXISTS user_ref integer`);
      await q.query(`CREATE OR REPLACE TRIGGER ${c.table}_user_ref BEFORE INSERT OR UPDATE ON ${c.table}
        FOR EACH ROW EXECUTE FUNCTION ${FILL_FUNCTION}()`);
    }

    for (const c of CONVERSIONS) {
      // Subjects that never stored a chunk (a ranking, a profile or an erasure without health rows).
      await q.query(`INSERT INTO app_user (subject) SELECT DISTINCT user_id FROM ${c.table} WHERE user_id IS NOT NULL
        ORDER BY 1 ON CONFLICT (subject) DO NOTHING`);
    }
    const [{ last }] = await q.query(`SELECT coalesce(max(id), 0) AS last FROM app_user`);
    for (const c of CONVERSIONS) {
      for (let from = 0; from < last; from += USERS_PER_BATCH) {
        await q.query(
          `UPDATE ${c.table} t SET user_ref = u.id FROM app_user u
           WHERE u.id > $1 AND u.id <= $2 AND t.user_id = u.subject AND t.user_ref IS NULL`,
          [from, from + USERS_PER_BATCH],
        );
      }
    }

    for (const c of CONVERSIONS) {
      if (!c.nullable) {
        const [{ present }] = await q.query(
          `SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = $1 AND conrelid = '${c.table}'::regclass) AS present`,
          [check(c)],
        );
        if (!present) await q.query(`ALTER TABLE ${c.table} ADD CONSTRAINT ${check(c)} CHECK (user_ref IS NOT NULL) NOT VALID`);
        await q.query(`ALTER TABLE ${c.table} VALIDATE CONSTRAINT ${check(c)}`);
      }
      // Not CONCURRENTLY: that waits for every open snapshot, among them the processes queued on the
      // migration lock (runMigrationsLocked), which wait for this one. A killed build leaves nothing.
      await q.query(`CREATE UNIQUE INDEX IF NOT EXISTS ${temp(c)} ON ${c.table} (${c.unique.columns})
        ${c.unique.where ? `WHERE ${c.unique.where}` : ''}`);
    }

    await q.startTransaction();
    for (const c of CONVERSIONS) await q.query(`LOCK TABLE ${c.table} IN ACCESS EXCLUSIVE MODE`);
    for (const c of CONVERSIONS) {
      await q.query(`DROP TRIGGER ${c.table}_user_ref ON ${c.table}`);
      if (!c.nullable) {
        // The validated CHECK proves it: no scan under the lock.
        await q.query(`ALTER TABLE ${c.table} ALTER COLUMN user_ref SET NOT NULL`);
        await q.query(`ALTER TABLE ${c.table} DROP CONSTRAINT ${check(c)}`);
      }
      if (c.unique.primaryKey) {
        await q.query(`ALTER TABLE ${c.table} DROP CONSTRAINT "${c.unique.primaryKey.old}"`);
        await q.query(`ALTER INDEX ${temp(c)} RENAME TO ${c.unique.primaryKey.new}`);
        await q.query(
          `ALTER TABLE ${c.table} ADD CONSTRAINT ${c.unique.primaryKey.new} PRIMARY KEY USING INDEX ${c.unique.primaryKey.new}`,
        );
      } else {
        await q.query(`DROP INDEX "${c.unique.name}"`);
        await q.query(`ALTER INDEX ${temp(c)} RENAME TO "${c.unique.name}"`);
      }
      await q.query(`ALTER TABLE ${c.table} DROP COLUMN user_id`);
    }
    await q.query(`DROP FUNCTION ${FILL_FUNCTION}()`);
    await q.commitTransaction();
  }

  /** Back to user_id, in one transaction (a rollback is for databases of test size). */
  public async down(q: QueryRunner): Promise<void> {
    await q.startTransaction();
    for (const c of CONVERSIONS) {
      await q.query(`ALTER TABLE ${c.table} ADD COLUMN user_id text`);
      await q.query(`UPDATE ${c.table} t SET user_id = u.subject FROM app_user u WHERE u.id = t.user_ref`);
      if (!c.nullable) await q.query(`ALTER TABLE ${c.table} ALTER COLUMN user_id SET NOT NULL`);
      const columns = c.unique.columns.replace('user_ref', 'user_id');
      if (c.unique.primaryKey) {
        await q.query(`ALTER TABLE ${c.table} DROP CONSTRAINT ${c.unique.primaryKey.new}`);
        await q.query(`ALTER TABLE ${c.table} ADD CONSTRAINT "${c.unique.primaryKey.old}" PRIMARY KEY (${columns})`);
      } else {
        await q.query(`DROP INDEX "${c.unique.name}"`);
        await q.query(
          `CREATE UNIQUE INDEX "${c.unique.name}" ON ${c.table} (${columns}) ${c.unique.where ? `WHERE ${c.unique.where}` : ''}`,
        );
      }
      await q.query(`ALTER TABLE ${c.table} DROP COLUMN user_ref`);
    }
    await q.commitTransaction();
  }
}
