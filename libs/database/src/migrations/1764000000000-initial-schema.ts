import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "healthkit_source" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" text NOT NULL, "platform" text NOT NULL, "bundle_id" text NOT NULL, "name" text NOT NULL, "product_type" text, "kind" text NOT NULL, "precedence" smallint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_03f5ed4d096e4bd58e11aaf4441" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_healthkit_source_natural_key" ON "healthkit_source"  ("user_id", "platform", "bundle_id", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "healthkit_clinical_record" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" text NOT NULL, "record_key" text NOT NULL, "hk_uuid" text NOT NULL, "sample_type" text NOT NULL, "unit" text, "start_time" TIMESTAMP WITH TIME ZONE NOT NULL, "end_time" TIMESTAMP WITH TIME ZONE NOT NULL, "source_id" bigint NOT NULL, "source_platform" text NOT NULL, "source_device_id" text, "recording_method" text, "metadata" jsonb, "extra" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, "resource_type" text NOT NULL, "fhir_version" text, "fhir_resource" jsonb NOT NULL, CONSTRAINT "PK_eac79e3b361422f5e6359ab297c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_healthkit_clinical_record_user_uuid" ON "healthkit_clinical_record"  ("user_id", "hk_uuid") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_healthkit_clinical_record_user_resource" ON "healthkit_clinical_record"  ("user_id", "resource_type") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_healthkit_clinical_record_record" ON "healthkit_clinical_record"  ("user_id", "record_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "healthkit_sample" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" text NOT NULL, "record_key" text NOT NULL, "hk_uuid" text NOT NULL, "sample_type" text NOT NULL, "unit" text, "start_time" TIMESTAMP WITH TIME ZONE NOT NULL, "end_time" TIMESTAMP WITH TIME ZONE NOT NULL, "source_id" bigint NOT NULL, "source_platform" text NOT NULL, "source_device_id" text, "recording_method" text, "metadata" jsonb, "extra" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, "value" double precision, "value_detail" jsonb, CONSTRAINT "PK_2d28d15d6f24d8c20882408672c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_healthkit_sample_user_uuid" ON "healthkit_sample"  ("user_id", "hk_uuid") `);
    await queryRunner.query(
      `CREATE INDEX "ix_healthkit_sample_user_type_start" ON "healthkit_sample"  ("user_id", "sample_type", "start_time") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_healthkit_sample_record" ON "healthkit_sample"  ("user_id", "record_key") `);
    await queryRunner.query(
      `CREATE TABLE "healthkit_sleep_analysis" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" text NOT NULL, "record_key" text NOT NULL, "hk_uuid" text NOT NULL, "sample_type" text NOT NULL, "unit" text, "start_time" TIMESTAMP WITH TIME ZONE NOT NULL, "end_time" TIMESTAMP WITH TIME ZONE NOT NULL, "source_id" bigint NOT NULL, "source_platform" text NOT NULL, "source_device_id" text, "recording_method" text, "metadata" jsonb, "extra" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, "stage" text NOT NULL, "value" double precision, CONSTRAINT "PK_a7d707018d588c62158d66a456a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_healthkit_sleep_analysis_user_uuid" ON "healthkit_sleep_analysis"  ("user_id", "hk_uuid") `,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_healthkit_sleep_analysis_user_start" ON "healthkit_sleep_analysis"  ("user_id", "start_time") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_healthkit_sleep_analysis_record" ON "healthkit_sleep_analysis"  ("user_id", "record_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "healthkit_sync_state" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" text NOT NULL, "data_type" text NOT NULL, "last_anchor" text NOT NULL, "last_sync_time" TIMESTAMP WITH TIME ZONE NOT NULL, "anchor_sync_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_67ef20ea9c4a679d713b5dd4739" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_healthkit_sync_state_user_type" ON "healthkit_sync_state"  ("user_id", "data_type") `,
    );
    await queryRunner.query(
      `CREATE TABLE "healthkit_workout" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" text NOT NULL, "record_key" text NOT NULL, "hk_uuid" text NOT NULL, "sample_type" text NOT NULL, "unit" text, "start_time" TIMESTAMP WITH TIME ZONE NOT NULL, "end_time" TIMESTAMP WITH TIME ZONE NOT NULL, "source_id" bigint NOT NULL, "source_platform" text NOT NULL, "source_device_id" text, "recording_method" text, "metadata" jsonb, "extra" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, "activity_type" text, "duration_seconds" double precision NOT NULL, "total_energy_burned" double precision, "total_energy_burned_unit" text, "total_distance" double precision, "total_distance_unit" text, "total_steps" double precision, CONSTRAINT "PK_f5b56106d3826ef6784c5f233dc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_healthkit_workout_user_uuid" ON "healthkit_workout"  ("user_id", "hk_uuid") `);
    await queryRunner.query(`CREATE INDEX "ix_healthkit_workout_user_start" ON "healthkit_workout"  ("user_id", "start_time") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_healthkit_workout_record" ON "healthkit_workout"  ("user_id", "record_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_chunk" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" text NOT NULL, "data_type" text NOT NULL, "sync_key" text NOT NULL, "anchor_token" text NOT NULL, "chunk_index" integer NOT NULL, "is_final" boolean NOT NULL, "status" text NOT NULL, "content_hash" text NOT NULL, "revision" integer NOT NULL, "item_count" integer NOT NULL, "accepted_count" integer NOT NULL, "rejected_count" integer NOT NULL, "deleted_count" integer NOT NULL, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "stored_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_619f3cfd10b2e3e8b771d685bf5" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sync_chunk_status_updated" ON "sync_chunk"  ("status", "updated_at") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_sync_chunk_sync_index" ON "sync_chunk"  ("user_id", "data_type", "sync_key", "chunk_index") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sync_rejected_item" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "chunk_id" bigint NOT NULL, "user_id" text NOT NULL, "data_type" text NOT NULL, "item_index" integer NOT NULL, "field" text NOT NULL, "message" text NOT NULL, "raw" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ebd7b1f19100f7a804ba6edd1ec" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_sync_rejected_item_user_created" ON "sync_rejected_item"  ("user_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_sync_rejected_item_chunk_index" ON "sync_rejected_item"  ("chunk_id", "item_index") `,
    );
    await queryRunner.query(
      `ALTER TABLE "healthkit_clinical_record" ADD CONSTRAINT "fk_healthkit_clinical_record_source" FOREIGN KEY ("source_id") REFERENCES "healthkit_source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "healthkit_sample" ADD CONSTRAINT "fk_healthkit_sample_source" FOREIGN KEY ("source_id") REFERENCES "healthkit_source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "healthkit_sleep_analysis" ADD CONSTRAINT "fk_healthkit_sleep_analysis_source" FOREIGN KEY ("source_id") REFERENCES "healthkit_source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "healthkit_workout" ADD CONSTRAINT "fk_healthkit_workout_source" FOREIGN KEY ("source_id") REFERENCES "healthkit_source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sync_rejected_item" ADD CONSTRAINT "fk_sync_rejected_item_chunk" FOREIGN KEY ("chunk_id") REFERENCES "sync_chunk"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_rejected_item" DROP CONSTRAINT "fk_sync_rejected_item_chunk"`);
    await queryRunner.query(`ALTER TABLE "healthkit_workout" DROP CONSTRAINT "fk_healthkit_workout_source"`);
    await queryRunner.query(`ALTER TABLE "healthkit_sleep_analysis" DROP CONSTRAINT "fk_healthkit_sleep_analysis_source"`);
    await queryRunner.query(`ALTER TABLE "healthkit_sample" DROP CONSTRAINT "fk_healthkit_sample_source"`);
    await queryRunner.query(`ALTER TABLE "healthkit_clinical_record" DROP CONSTRAINT "fk_healthkit_clinical_record_source"`);
    await queryRunner.query(`DROP INDEX "public"."uq_sync_rejected_item_chunk_index"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_rejected_item_user_created"`);
    await queryRunner.query(`DROP TABLE "sync_rejected_item"`);
    await queryRunner.query(`DROP INDEX "public"."uq_sync_chunk_sync_index"`);
    await queryRunner.query(`DROP INDEX "public"."ix_sync_chunk_status_updated"`);
    await queryRunner.query(`DROP TABLE "sync_chunk"`);
    await queryRunner.query(`DROP INDEX "public"."uq_healthkit_workout_record"`);
    await queryRunner.query(`DROP INDEX "public"."ix_healthkit_workout_user_start"`);
    await queryRunner.query(`DROP INDEX "public"."ix_healthkit_workout_user_uuid"`);
    await queryRunner.query(`DROP TABLE "healthkit_workout"`);
    await queryRunner.query(`DROP INDEX "public"."uq_healthkit_sync_state_user_type"`);
    await queryRunner.query(`DROP TABLE "healthkit_sync_state"`);
    await queryRunner.query(`DROP INDEX "public"."uq_healthkit_sleep_analysis_record"`);
    await queryRunner.query(`DROP INDEX "public"."ix_healthkit_sleep_analysis_user_start"`);
    await queryRunner.query(`DROP INDEX "public"."ix_healthkit_sleep_analysis_user_uuid"`);
    await queryRunner.query(`DROP TABLE "healthkit_sleep_analysis"`);
    await queryRunner.query(`DROP INDEX "public"."uq_healthkit_sample_record"`);
    await queryRunner.query(`DROP INDEX "public"."ix_healthkit_sample_user_type_start"`);
    await queryRunner.query(`DROP INDEX "public"."ix_healthkit_sample_user_uuid"`);
    await queryRunner.query(`DROP TABLE "healthkit_sample"`);
    await queryRunner.query(`DROP INDEX "public"."uq_healthkit_clinical_record_record"`);
    await queryRunner.query(`DROP INDEX "public"."ix_healthkit_clinical_record_user_resource"`);
    await queryRunner.query(`DROP INDEX "public"."ix_healthkit_clinical_record_user_uuid"`);
    await queryRunner.query(`DROP TABLE "healthkit_clinical_record"`);
    await queryRunner.query(`DROP INDEX "public"."uq_healthkit_source_natural_key"`);
    await queryRunner.query(`DROP TABLE "healthkit_source"`);
  }
}
