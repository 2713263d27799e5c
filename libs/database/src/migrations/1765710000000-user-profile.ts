import { MigrationInterface, QueryRunner } from 'typeorm';

/** The user's HealthKit characteristics (GENDER, BIRTH_DATE, BLOOD_TYPE), one row per user. */
export class UserProfile1765710000000 implements MigrationInterface {
  name = 'UserProfile1765710000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "user_profile" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" text NOT NULL, "gender" text, "gender_recorded_at" TIMESTAMP WITH TIME ZONE,
      "birth_date" date, "birth_date_recorded_at" TIMESTAMP WITH TIME ZONE, "blood_type" text, "blood_type_recorded_at" TIMESTAMP WITH TIME ZONE,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_user_profile" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_user_profile_user" ON "user_profile"  ("user_id") `);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "user_profile"`);
  }
}
