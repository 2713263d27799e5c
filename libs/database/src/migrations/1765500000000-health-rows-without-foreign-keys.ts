import { MigrationInterface, QueryRunner } from 'typeorm';

/** The keys dropped: per health table, its key to healthkit_source and its key to sample_context. */
const KEYS = [
  ['healthkit_sample', 'fk_healthkit_sample_source', 'FK_ec19381e452b1ae2da834923603'],
  ['healthkit_sleep_analysis', 'fk_healthkit_sleep_analysis_source', 'FK_8daaa3853910228e82d209a640f'],
  ['healthkit_workout', 'fk_healthkit_workout_source', 'FK_61169f497fb1bd12e33ac8e2188'],
  ['healthkit_clinical_record', 'fk_healthkit_clinical_record_source', 'FK_93282ffe7fb027b5528f795e117'],
] as const;

/**
 * The health tables lose their foreign keys to healthkit_source and sample_context, as they have
 * none to health_term: each key cost a lookup and a key-share lock per inserted row (≈ 10 % of the
 * worker's database time, docs/throughput.md). Dropping a key takes a short exclusive lock on both
 * tables and reads no rows (on the partitioned healthkit_sample it goes from every partition too).
 */
export class HealthRowsWithoutForeignKeys1765500000000 implements MigrationInterface {
  name = 'HealthRowsWithoutForeignKeys1765500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, sourceKey, contextKey] of KEYS) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${sourceKey}"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${contextKey}"`);
    }
  }

  /** Puts them back as they were; each ADD checks every existing row. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, sourceKey, contextKey] of [...KEYS].reverse()) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${contextKey}" FOREIGN KEY ("context_id") REFERENCES "sample_context"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${sourceKey}" FOREIGN KEY ("source_id") REFERENCES "healthkit_source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    }
  }
}
