import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a migration calls for a rollup rebuild (rollup_rebuild_request): a migration is frozen SQL and
 * never runs the rollup code, which keeps changing after it was written; it records which users'
 * rollups need rebuilding and `npm run rollup -- rebuild` does it (docs/operations.md#rollup-rebuild).
 * RowShape1765300000000 is the first to call for one and creates the table on a database that replays
 * the history; this migration creates it on a database that had run RowShape before it did so.
 */
export const CREATE_ROLLUP_REBUILD_REQUEST = [
  `CREATE TABLE IF NOT EXISTS "rollup_rebuild_request" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_ref" integer NOT NULL,
    "sample_types" text array, "requested_by" text NOT NULL, "requested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT "pk_rollup_rebuild_request" PRIMARY KEY ("id"),
    CONSTRAINT "fk_rollup_rebuild_request_user" FOREIGN KEY ("user_ref") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
  `CREATE INDEX IF NOT EXISTS "ix_rollup_rebuild_request_user" ON "rollup_rebuild_request"  ("user_ref") `,
];

export class RollupRebuildRequests1765720000000 implements MigrationInterface {
  name = 'RollupRebuildRequests1765720000000';

  public async up(q: QueryRunner): Promise<void> {
    for (const sql of CREATE_ROLLUP_REBUILD_REQUEST) await q.query(sql);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "rollup_rebuild_request"`);
  }
}
