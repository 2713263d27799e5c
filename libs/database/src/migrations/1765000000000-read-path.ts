import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReadPath1765000000000 implements MigrationInterface {
  name = 'ReadPath1765000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sample_rollup" ("user_id" text NOT NULL, "sample_type" text NOT NULL, "bucket_start" TIMESTAMP WITH TIME ZONE NOT NULL, "source_id" bigint NOT NULL, "sum" double precision NOT NULL, "value_sum" double precision NOT NULL, "count" integer NOT NULL, "min" double precision, "max" double precision, CONSTRAINT "PK_157825833ef0d669a97a69297f0" PRIMARY KEY ("user_id", "sample_type", "bucket_start", "source_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "source_precedence" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" text NOT NULL, "source_id" bigint NOT NULL, "sample_type" text NOT NULL DEFAULT '', "precedence" smallint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c770afac1301ac66032ceadad15" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_source_precedence_user_source_type" ON "source_precedence"  ("user_id", "source_id", "sample_type") `,
    );
    await queryRunner.query(
      `ALTER TABLE "source_precedence" ADD CONSTRAINT "fk_source_precedence_source" FOREIGN KEY ("source_id") REFERENCES "healthkit_source"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Samples stored before this migration get their rollup at the end of RowShape1765300000000:
    // the rollup code reads the tables in their current shape, which exists only from there on.
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "source_precedence" DROP CONSTRAINT "fk_source_precedence_source"`);
    await queryRunner.query(`DROP INDEX "public"."uq_source_precedence_user_source_type"`);
    await queryRunner.query(`DROP TABLE "source_precedence"`);
    await queryRunner.query(`DROP TABLE "sample_rollup"`);
  }
}
