import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hash partitions of healthkit_sample by user_ref; docs/scale.md says why 32 and how to change it. */
export const SAMPLE_PARTITIONS = 32;
/** Users copied per committed batch of the conversion. */
const USERS_PER_BATCH = 50;

const TABLE = 'healthkit_sample';
const NEW = 'healthkit_sample_hashed';
const OLD = 'healthkit_sample_unpartitioned';
const PROGRESS = 'healthkit_sample_conversion';

/** The names TypeORM knows (RowShape1765300000000), taken over once the old table is gone. */
const NAMES = {
  pk: 'PK_3f8a1a33f044954ef1a8e682834',
  typeStart: 'ix_healthkit_sample_user_type_start',
  recordId: 'ix_healthkit_sample_user_record_id',
  source: 'fk_healthkit_sample_source',
  context: 'FK_ec19381e452b1ae2da834923603',
};
const temp = (name: string) => `${name}_h`;

/**
 * healthkit_sample becomes a table partitioned by HASH (user_ref) in 32 partitions
 * (healthkit_sample_p00 … p31). Every unique key leads with the user, so each stays enforceable
 * per partition (a time-ranged table could not enforce (user, record) when an edit moves a
 * sample's start), a user's reads touch one partition, and user_ref is the distribution key
 * Citus or Aurora Limitless would use.
 *
 * The conversion runs outside one transaction and can be killed and run again: it creates the new
 * table, installs a trigger that mirrors every change of the old table into it, copies users in
 * committed batches of 50 (recording how far it got), then swaps the tables in one short
 * transaction. The copy takes FOR SHARE locks on the rows it reads, so a concurrent change of such
 * a row waits for the batch and its mirror lands after the copy. The apps keep running meanwhile:
 * the columns do not change.
 */
export class SamplePartitions1765400000000 implements MigrationInterface {
  name = 'SamplePartitions1765400000000';
  transaction = false as const;

  public async up(q: QueryRunner): Promise<void> {
    const [{ kind }] = await q.query(`SELECT relkind AS kind FROM pg_class WHERE oid = '${TABLE}'::regclass`);
    if (kind === 'p') return; // the swap of an earlier run committed

    await q.query(`CREATE TABLE IF NOT EXISTS ${NEW} (LIKE ${TABLE} INCLUDING DEFAULTS) PARTITION BY HASH (user_ref)`);
    for (let i = 0; i < SAMPLE_PARTITIONS; i++) {
      await q.query(`CREATE TABLE IF NOT EXISTS ${TABLE}_p${String(i).padStart(2, '0')} PARTITION OF ${NEW}
        FOR VALUES WITH (MODULUS ${SAMPLE_PARTITIONS}, REMAINDER ${i})`);
    }
    const hasConstraint = async (name: string) =>
      (await q.query(`SELECT 1 FROM pg_constraint WHERE conname = $1 AND conrelid = '${NEW}'::regclass`, [name])).length > 0;
    if (!(await hasConstraint(temp(NAMES.pk)))) {
      await q.query(`ALTER TABLE ${NEW} ADD CONSTRAINT "${temp(NAMES.pk)}" PRIMARY KEY (user_ref, record_key)`);
    }
    await q.query(`CREATE INDEX IF NOT EXISTS "${temp(NAMES.typeStart)}" ON ${NEW} (user_ref, type_id, start_time)`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS "${temp(NAMES.recordId)}" ON ${NEW} (user_ref, record_id) WHERE record_id IS NOT NULL`,
    );
    if (!(await hasConstraint(temp(NAMES.source)))) {
      await q.query(`ALTER TABLE ${NEW} ADD CONSTRAINT "${temp(NAMES.source)}" FOREIGN KEY (source_id)
        REFERENCES healthkit_source(id) ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }
    if (!(await hasConstraint(temp(NAMES.context)))) {
      await q.query(`ALTER TABLE ${NEW} ADD CONSTRAINT "${temp(NAMES.context)}" FOREIGN KEY (context_id)
        REFERENCES sample_context(id) ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    // From here on every change of the old table reaches the new one too.
    const columns: string[] = (
      await q.query(
        `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
         ORDER BY ordinal_position`,
        [TABLE],
      )
    ).map((r: { c: string }) => `"${r.c}"`);
    const updateAll = `(${columns.join(', ')}) = ROW(${columns.map((c) => `EXCLUDED.${c}`).join(', ')})`;
    await q.query(`CREATE OR REPLACE FUNCTION ${TABLE}_mirror() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM ${NEW} WHERE user_ref = OLD.user_ref AND record_key = OLD.record_key;
        END IF;
        IF TG_OP <> 'DELETE' THEN
          INSERT INTO ${NEW} SELECT NEW.* ON CONFLICT (user_ref, record_key) DO UPDATE SET ${updateAll};
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE OR REPLACE TRIGGER ${TABLE}_mirror AFTER INSERT OR UPDATE OR DELETE ON ${TABLE}
      FOR EACH ROW EXECUTE FUNCTION ${TABLE}_mirror()`);

    await q.query(`CREATE TABLE IF NOT EXISTS ${PROGRESS} (id boolean PRIMARY KEY DEFAULT true, done_through integer NOT NULL)`);
    await q.query(`INSERT INTO ${PROGRESS} (done_through) VALUES (0) ON CONFLICT DO NOTHING`);
    const [{ last }] = await q.query(`SELECT coalesce(max(id), 0) AS last FROM app_user`);
    let [{ from }] = await q.query(`SELECT done_through AS "from" FROM ${PROGRESS}`);
    while (from < last) {
      const to = from + USERS_PER_BATCH;
      await q.startTransaction();
      // Rows the trigger already mirrored are newer than this copy: DO NOTHING keeps them.
      await q.query(
        `INSERT INTO ${NEW} SELECT * FROM ${TABLE} WHERE user_ref > $1 AND user_ref <= $2 FOR SHARE ON CONFLICT DO NOTHING`,
        [from, to],
      );
      await q.query(`UPDATE ${PROGRESS} SET done_through = $1`, [to]);
      await q.commitTransaction();
      from = to;
    }

    // Users made during the copy (ids past `last`) reached the new table through the trigger.
    await q.startTransaction();
    await q.query(`LOCK TABLE ${TABLE} IN ACCESS EXCLUSIVE MODE`);
    await q.query(`DROP TRIGGER ${TABLE}_mirror ON ${TABLE}`);
    await q.query(`DROP FUNCTION ${TABLE}_mirror()`);
    await q.query(`ALTER TABLE ${TABLE} RENAME TO ${OLD}`);
    await q.query(`ALTER TABLE ${NEW} RENAME TO ${TABLE}`);
    await q.query(`DROP TABLE ${OLD}`);
    for (const name of [NAMES.pk, NAMES.source, NAMES.context]) {
      await q.query(`ALTER TABLE ${TABLE} RENAME CONSTRAINT "${temp(name)}" TO "${name}"`);
    }
    for (const name of [NAMES.typeStart, NAMES.recordId]) await q.query(`ALTER INDEX "${temp(name)}" RENAME TO "${name}"`);
    await q.query(`DROP TABLE ${PROGRESS}`);
    await q.commitTransaction();
  }

  /** Back to one table, in one transaction (a rollback is for databases of test size). */
  public async down(q: QueryRunner): Promise<void> {
    await q.startTransaction();
    await q.query(`CREATE TABLE ${OLD} (LIKE ${TABLE} INCLUDING DEFAULTS)`);
    await q.query(`INSERT INTO ${OLD} SELECT * FROM ${TABLE}`);
    await q.query(`DROP TABLE ${TABLE}`);
    await q.query(`ALTER TABLE ${OLD} RENAME TO ${TABLE}`);
    await q.query(`ALTER TABLE ${TABLE} ADD CONSTRAINT "${NAMES.pk}" PRIMARY KEY (user_ref, record_key)`);
    await q.query(`CREATE INDEX "${NAMES.typeStart}" ON ${TABLE} (user_ref, type_id, start_time)`);
    await q.query(`CREATE INDEX "${NAMES.recordId}" ON ${TABLE} (user_ref, record_id) WHERE record_id IS NOT NULL`);
    await q.query(`ALTER TABLE ${TABLE} ADD CONSTRAINT "${NAMES.source}" FOREIGN KEY (source_id)
      REFERENCES healthkit_source(id) ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE ${TABLE} ADD CONSTRAINT "${NAMES.context}" FOREIGN KEY (context_id)
      REFERENCES sample_context(id) ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.commitTransaction();
  }
}
