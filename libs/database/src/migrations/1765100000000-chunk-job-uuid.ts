import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Job ids from a random per-chunk uuid instead of the ledger's sequence (which restarts after a
 * restore), and the outbox column the worker's sweep re-enqueues lost jobs from.
 * gen_random_uuid() is evaluated per row, so existing chunks get distinct uuids too.
 */
export class ChunkJobUuid1765100000000 implements MigrationInterface {
  name = 'ChunkJobUuid1765100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_chunk" ADD "job_uuid" uuid NOT NULL DEFAULT gen_random_uuid()`);
    await queryRunner.query(`ALTER TABLE "sync_chunk" ADD "pending_payload" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sync_chunk" DROP COLUMN "pending_payload"`);
    await queryRunner.query(`ALTER TABLE "sync_chunk" DROP COLUMN "job_uuid"`);
  }
}
