import { MigrationInterface, QueryRunner } from 'typeorm';

/** `health_term` id of a type name, or NULL where no row was ever stored with it. */
const TERM = (name: string) => `(SELECT id FROM health_term WHERE name = '${name}')`;

/**
 * Data stored under the rules before the type catalog (issue 16):
 * 1. SLEEP_WRIST_TEMPERATURE is a temperature reading, but its name starts with SLEEP_, so it was
 *    stored as a sleep row of stage 'unknown' (the value, °C, kept as the stage's "minutes"). Its
 *    rows move to healthkit_sample with the same identity, type, source, context, times and value;
 *    the sleep sessions lose the bogus stage.
 * 2. INSULIN_DELIVERY, ACTIVITY_INTENSITY and SKIN_TEMPERATURE arrive as structured values: they
 *    were kept in value_detail with no value, so no aggregate saw them. value now holds their number
 *    (units, minutes, temperature delta), as the API stores it for new points.
 * The rollup of these types, and of the types whose kind changed (the DIETARY_* amounts now sum),
 * is rebuilt by `npm run rollup -- rebuild --all` after this migration (docs/operations.md), with the code
 * the worker uses, since the precedence rule is not frozen here. Down moves the rows back. A moved
 * row keeps its write position (SyncOrder1765600000000), so a late older write still cannot undo it.
 */
export class SampleKinds1765700000000 implements MigrationInterface {
  name = 'SampleKinds1765700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`WITH moved AS (
        DELETE FROM healthkit_sleep_analysis WHERE type_id = ${TERM('SLEEP_WRIST_TEMPERATURE')}
        RETURNING user_ref, record_key, type_id, context_id, start_time, end_time, source_id, record_id, extra, updated_at, deleted_at, write_pos, value)
      INSERT INTO healthkit_sample (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, record_id, extra,
                                    updated_at, deleted_at, write_pos, value, value_detail)
      SELECT user_ref, record_key, type_id, context_id, start_time, end_time, source_id, record_id, extra, updated_at, deleted_at, write_pos, value, NULL
      FROM moved
      ON CONFLICT (user_ref, record_key) DO NOTHING`);
    for (const [type, key] of [
      ['INSULIN_DELIVERY', 'units'],
      ['ACTIVITY_INTENSITY', 'minutes'],
      ['SKIN_TEMPERATURE', 'temperature_delta'],
    ]) {
      await q.query(
        `UPDATE healthkit_sample SET value = (value_detail->>'${key}')::double precision
         WHERE type_id = ${TERM(type)} AND value IS NULL AND jsonb_typeof(value_detail->'${key}') = 'number'`,
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`WITH moved AS (
        DELETE FROM healthkit_sample WHERE type_id = ${TERM('SLEEP_WRIST_TEMPERATURE')}
        RETURNING user_ref, record_key, type_id, context_id, start_time, end_time, source_id, record_id, extra, updated_at, deleted_at, write_pos, value)
      INSERT INTO healthkit_sleep_analysis (user_ref, record_key, type_id, context_id, start_time, end_time, source_id, record_id, extra,
                                            updated_at, deleted_at, write_pos, stage, value)
      SELECT user_ref, record_key, type_id, context_id, start_time, end_time, source_id, record_id, extra, updated_at, deleted_at, write_pos, 'unknown', value
      FROM moved
      ON CONFLICT (user_ref, record_key) DO NOTHING`);
    for (const type of ['INSULIN_DELIVERY', 'ACTIVITY_INTENSITY', 'SKIN_TEMPERATURE']) {
      await q.query(`UPDATE healthkit_sample SET value = NULL WHERE type_id = ${TERM(type)} AND value_detail IS NOT NULL`);
    }
  }
}
