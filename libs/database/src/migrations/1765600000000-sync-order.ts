import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Order-proof storage and window reconcile (issue 15): `sync_run` (one row per sync, its id the
 * sync's place in the order syncs started), each health row's `write_pos` (where its last write
 * stands), `health_tombstone` (deletions that found no row yet), the anchor's sync id, and the
 * accepted types of a reconciling sync's chunks. Every ADD COLUMN has a constant default or none,
 * so no table is rewritten (PostgreSQL ≥ 11 keeps the default in the catalogue).
 */
export class SyncOrder1765600000000 implements MigrationInterface {
  name = 'SyncOrder1765600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "health_tombstone" ("user_ref" integer NOT NULL, "record_id" uuid NOT NULL, "write_pos" bigint NOT NULL, CONSTRAINT "PK_7b445dd469c078b46dd86772a2c" PRIMARY KEY ("user_ref", "record_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_health_tombstone_user_pos" ON "health_tombstone"  ("user_ref", "write_pos") `);
    await queryRunner.query(
      `CREATE TABLE "sync_run" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" text NOT NULL, "data_type" text NOT NULL, "sync_key" text NOT NULL, "reconcile" jsonb, "platform" text, "reconciled_count" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ab1387853fd86ea904a21058b01" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_sync_run_sync" ON "sync_run"  ("user_id", "data_type", "sync_key") `);
    await queryRunner.query(`ALTER TABLE "healthkit_clinical_record" ADD "write_pos" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "healthkit_sample" ADD "write_pos" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "healthkit_sleep_analysis" ADD "write_pos" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "healthkit_sync_state" ADD "anchor_sync_seq" bigint`);
    await queryRunner.query(`ALTER TABLE "healthkit_workout" ADD "write_pos" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "sync_chunk" ADD "accepted_types" text array`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_chunk" DROP COLUMN "accepted_types"`);
    await queryRunner.query(`ALTER TABLE "healthkit_workout" DROP COLUMN "write_pos"`);
    await queryRunner.query(`ALTER TABLE "healthkit_sync_state" DROP COLUMN "anchor_sync_seq"`);
    await queryRunner.query(`ALTER TABLE "healthkit_sleep_analysis" DROP COLUMN "write_pos"`);
    await queryRunner.query(`ALTER TABLE "healthkit_sample" DROP COLUMN "write_pos"`);
    await queryRunner.query(`ALTER TABLE "healthkit_clinical_record" DROP COLUMN "write_pos"`);
    await queryRunner.query(`DROP INDEX "public"."uq_sync_run_sync"`);
    await queryRunner.query(`DROP TABLE "sync_run"`);
    await queryRunner.query(`DROP INDEX "public"."ix_health_tombstone_user_pos"`);
    await queryRunner.query(`DROP TABLE "health_tombstone"`);
  }
}
