import { MigrationInterface, QueryRunner } from 'typeorm';

export class HealthDataErasure1765200000000 implements MigrationInterface {
  name = 'HealthDataErasure1765200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "health_data_erasure" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_hash" text NOT NULL, "user_id" text, "status" text NOT NULL, "counts" jsonb NOT NULL DEFAULT '{}', "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_0d96286134d079f5fd5462de20d" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_health_data_erasure_running_user" ON "health_data_erasure"  ("user_id") WHERE "status" = 'running'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_health_data_erasure_user_hash" ON "health_data_erasure"  ("user_hash", "requested_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_health_data_erasure_user_hash"`);
    await queryRunner.query(`DROP INDEX "public"."uq_health_data_erasure_running_user"`);
    await queryRunner.query(`DROP TABLE "health_data_erasure"`);
  }
}
