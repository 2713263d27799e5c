import { MigrationInterface, QueryRunner } from 'typeorm';
import { CREATE_ROLLUP_REBUILD_REQUEST } from './1765720000000-rollup-rebuild-requests';

/**
 * The health tables in their compact shape (issue: bytes per sample). Each row now holds the user
 * as an `app_user` id, its identity as a uuid, its type as a `health_term` id and what repeats from
 * row to row (unit, recording method, reading phone, metadata) as a per-user `sample_context` id;
 * the primary key (user_ref, record_key) is the only unique index. Existing rows are converted
 * (each table is copied into its new shape, then the old one dropped); the rollup keeps its rows,
 * since sources and values do not change. One transaction: on a large table run it as the one-off
 * migration task, not at a container's start (docs/operations.md).
 */

/**
 * Same value as recordUuid() in libs/health-data (test/migrations-with-rows.e2e-spec.ts compares
 * them): a canonical UUID lower-cased, any other id the first 16 bytes of its SHA-256 with the
 * version-8 and variant bits set. Only the conversion uses it; the apps compute it in Node.
 */
export const RECORD_UUID_FUNCTION = `CREATE OR REPLACE FUNCTION pg_temp.record_uuid(id text) RETURNS uuid
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE WHEN id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN id::uuid
    ELSE encode(set_byte(set_byte(h, 6, (get_byte(h, 6) & 15) | 128), 8, (get_byte(h, 8) & 63) | 128), 'hex')::uuid END
  FROM (SELECT substring(sha256(convert_to(id, 'UTF8')) FROM 1 FOR 16) AS h) x
$$`;

/** The context digest, as row-references.ts computes it for new chunks. */
const DIGEST = (unit: string, method: string, device: string, metadata: string) =>
  `sha256(convert_to(jsonb_build_array(${unit}, ${method}, ${device}, ${metadata})::text, 'UTF8'))`;

interface HealthTable {
  name: string;
  oldPk: string;
  newPk: string;
  contextFk: string;
  /** Table-specific columns, with their types and constraints, in the new table's order. */
  own: string[];
  /** Secondary indexes besides the record-id one: [name, columns]. */
  indexes: [string, string][];
}

const TABLES: HealthTable[] = [
  {
    name: 'healthkit_sample',
    oldPk: 'PK_2d28d15d6f24d8c20882408672c',
    newPk: 'PK_3f8a1a33f044954ef1a8e682834',
    contextFk: 'FK_ec19381e452b1ae2da834923603',
    own: ['"value" double precision', '"value_detail" jsonb'],
    indexes: [['ix_healthkit_sample_user_type_start', '"user_ref", "type_id", "start_time"']],
  },
  {
    name: 'healthkit_sleep_analysis',
    oldPk: 'PK_a7d707018d588c62158d66a456a',
    newPk: 'PK_75a4ce8f2ab6f2cee6974f54106',
    contextFk: 'FK_8daaa3853910228e82d209a640f',
    own: ['"stage" text NOT NULL', '"value" double precision'],
    indexes: [['ix_healthkit_sleep_analysis_user_start', '"user_ref", "start_time"']],
  },
  {
    name: 'healthkit_workout',
    oldPk: 'PK_f5b56106d3826ef6784c5f233dc',
    newPk: 'PK_caf813b57ce03718aff785f36e6',
    contextFk: 'FK_61169f497fb1bd12e33ac8e2188',
    own: [
      '"duration_seconds" double precision NOT NULL',
      '"total_energy_burned" double precision',
      '"total_distance" double precision',
      '"total_steps" double precision',
      '"activity_type" text',
      '"total_energy_burned_unit" text',
      '"total_distance_unit" text',
    ],
    indexes: [['ix_healthkit_workout_user_start', '"user_ref", "start_time"']],
  },
  {
    name: 'healthkit_clinical_record',
    oldPk: 'PK_eac79e3b361422f5e6359ab297c',
    newPk: 'PK_39801248e0cd3465fa7fa1cc367',
    contextFk: 'FK_93282ffe7fb027b5528f795e117',
    own: ['"resource_type" text NOT NULL', '"fhir_version" text', '"fhir_resource" jsonb NOT NULL'],
    indexes: [['ix_healthkit_clinical_record_user_resource', '"user_ref", "resource_type"']],
  },
];

const OLD_INDEXES: Record<string, string[]> = {
  healthkit_sample: ['uq_healthkit_sample_record', 'ix_healthkit_sample_user_type_start', 'ix_healthkit_sample_user_uuid'],
  healthkit_sleep_analysis: [
    'uq_healthkit_sleep_analysis_record',
    'ix_healthkit_sleep_analysis_user_start',
    'ix_healthkit_sleep_analysis_user_uuid',
  ],
  healthkit_workout: ['uq_healthkit_workout_record', 'ix_healthkit_workout_user_start', 'ix_healthkit_workout_user_uuid'],
  healthkit_clinical_record: [
    'uq_healthkit_clinical_record_record',
    'ix_healthkit_clinical_record_user_resource',
    'ix_healthkit_clinical_record_user_uuid',
  ],
};

const columnName = (definition: string) => definition.split(' ')[0];

export class RowShape1765300000000 implements MigrationInterface {
  name = 'RowShape1765300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "app_user" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "subject" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_app_user_subject" ON "app_user"  ("subject") `);
    await q.query(
      `CREATE TABLE "health_term" ("id" integer GENERATED ALWAYS AS IDENTITY NOT NULL, "name" text NOT NULL, CONSTRAINT "PK_93048ca4655fae4f635c64d1997" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_health_term_name" ON "health_term"  ("name") `);
    await q.query(
      `CREATE TABLE "sample_context" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_ref" integer NOT NULL, "digest" bytea NOT NULL, "unit" text, "recording_method" text, "source_device_id" text, "metadata" jsonb, CONSTRAINT "PK_8b8b150550fb903b5803e56fd33" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_sample_context_digest" ON "sample_context"  ("user_ref", "digest") `);
    await q.query(
      `ALTER TABLE "sample_context" ADD CONSTRAINT "fk_sample_context_user" FOREIGN KEY ("user_ref") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );

    // The references of the rows stored so far.
    const all = (cols: string) => TABLES.map((t) => `SELECT ${cols} FROM ${t.name}_v1`).join(' UNION ');
    for (const t of TABLES) {
      await q.query(`ALTER TABLE "${t.name}" RENAME TO "${t.name}_v1"`);
      for (const index of OLD_INDEXES[t.name]) await q.query(`DROP INDEX "${index}"`);
      await q.query(`ALTER TABLE "${t.name}_v1" DROP CONSTRAINT "${t.oldPk}"`);
      await q.query(`ALTER TABLE "${t.name}_v1" DROP CONSTRAINT "fk_${t.name}_source"`);
    }
    await q.query(`INSERT INTO app_user (subject) SELECT user_id FROM (${all('user_id')}) u ORDER BY 1`);
    await q.query(`INSERT INTO health_term (name) SELECT sample_type FROM (${all('sample_type')}) t ORDER BY 1`);
    await q.query(`INSERT INTO sample_context (user_ref, digest, unit, recording_method, source_device_id, metadata)
      SELECT DISTINCT ON (u.id, d.digest) u.id, d.digest, c.unit, c.recording_method, c.source_device_id, c.metadata
      FROM (${all('user_id, unit, recording_method, source_device_id, metadata')}) c
      JOIN app_user u ON u.subject = c.user_id
      CROSS JOIN LATERAL (SELECT ${DIGEST('c.unit', 'c.recording_method', 'c.source_device_id', 'c.metadata')} AS digest) d
      ORDER BY u.id, d.digest`);

    await q.query(RECORD_UUID_FUNCTION);
    for (const t of TABLES) {
      const own = t.own.map(columnName);
      await q.query(`CREATE TABLE "${t.name}" (
        "user_ref" integer NOT NULL, "type_id" integer NOT NULL, "context_id" bigint NOT NULL, "record_key" uuid NOT NULL,
        "start_time" TIMESTAMP WITH TIME ZONE NOT NULL, "end_time" TIMESTAMP WITH TIME ZONE NOT NULL, "source_id" bigint NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), ${t.own.join(', ')},
        "record_id" uuid, "extra" jsonb, "deleted_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "${t.newPk}" PRIMARY KEY ("user_ref", "record_key"))`);
      // Ids that differed only in letter case were two rows and are one now: the latest one stays.
      await q.query(`INSERT INTO "${t.name}" (user_ref, type_id, context_id, record_key, start_time, end_time, source_id,
          updated_at, ${own.join(', ')}, record_id, extra, deleted_at)
        SELECT u.id, ht.id, cx.id,
          CASE WHEN o.source_platform = 'googleHealthConnect' THEN pg_temp.record_uuid(o.record_key) ELSE pg_temp.record_uuid(o.hk_uuid) END,
          o.start_time, o.end_time, o.source_id, o.updated_at, ${own.map((c) => `o.${c}`).join(', ')},
          CASE WHEN o.source_platform = 'googleHealthConnect' THEN pg_temp.record_uuid(o.hk_uuid) END, o.extra, o.deleted_at
        FROM "${t.name}_v1" o
        JOIN app_user u ON u.subject = o.user_id
        JOIN health_term ht ON ht.name = o.sample_type
        JOIN sample_context cx ON cx.user_ref = u.id
          AND cx.digest = ${DIGEST('o.unit', 'o.recording_method', 'o.source_device_id', 'o.metadata')}
        ORDER BY o.updated_at DESC, o.id DESC
        ON CONFLICT DO NOTHING`);
      await q.query(`DROP TABLE "${t.name}_v1"`);
      for (const [name, columns] of t.indexes) await q.query(`CREATE INDEX "${name}" ON "${t.name}"  (${columns}) `);
      await q.query(
        `CREATE INDEX "ix_${t.name}_user_record_id" ON "${t.name}"  ("user_ref", "record_id") WHERE "record_id" IS NOT NULL`,
      );
      await q.query(
        `ALTER TABLE "${t.name}" ADD CONSTRAINT "fk_${t.name}_source" FOREIGN KEY ("source_id") REFERENCES "healthkit_source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
      await q.query(
        `ALTER TABLE "${t.name}" ADD CONSTRAINT "${t.contextFk}" FOREIGN KEY ("context_id") REFERENCES "sample_context"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    }
    await q.query(`DROP FUNCTION pg_temp.record_uuid(text)`);

    // Users whose samples have no rollup yet (stored before ReadPath1765000000000, which leaves
    // this to here) need it built with the code the worker and a ranking change use (one definition
    // of precedence). A migration never runs that code (it changes after the migration was written):
    // it calls for a rebuild of every metric of those users, which `npm run migrate` reports and
    // `npm run rollup -- rebuild` carries out (docs/operations.md#rollup-rebuild).
    for (const sql of CREATE_ROLLUP_REBUILD_REQUEST) await q.query(sql);
    await q.query(`INSERT INTO rollup_rebuild_request (user_ref, sample_types, requested_by)
      SELECT u.id, NULL, 'RowShape1765300000000' FROM app_user u
      WHERE EXISTS (SELECT 1 FROM healthkit_sample s WHERE s.user_ref = u.id)
        AND NOT EXISTS (SELECT 1 FROM sample_rollup r WHERE r.user_id = u.subject)
      ORDER BY u.id`);
  }

  /**
   * Back to text columns. Ids come back as the stored uuids (lower case; Android keys as their
   * name-based uuid): the phone's original spelling of a non-UUID id is not kept by the new shape.
   */
  public async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) {
      const own = t.own.map(columnName);
      await q.query(`ALTER TABLE "${t.name}" RENAME TO "${t.name}_v2"`);
      await q.query(`ALTER TABLE "${t.name}_v2" DROP CONSTRAINT "${t.newPk}"`);
      await q.query(`ALTER TABLE "${t.name}_v2" DROP CONSTRAINT "fk_${t.name}_source"`);
      await q.query(`ALTER TABLE "${t.name}_v2" DROP CONSTRAINT "${t.contextFk}"`);
      for (const [name] of t.indexes) await q.query(`DROP INDEX "${name}"`);
      await q.query(`DROP INDEX "ix_${t.name}_user_record_id"`);
      await q.query(`CREATE TABLE "${t.name}" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" text NOT NULL,
        "record_key" text NOT NULL, "hk_uuid" text NOT NULL, "sample_type" text NOT NULL, "unit" text,
        "start_time" TIMESTAMP WITH TIME ZONE NOT NULL, "end_time" TIMESTAMP WITH TIME ZONE NOT NULL, "source_id" bigint NOT NULL,
        "source_platform" text NOT NULL, "source_device_id" text, "recording_method" text, "metadata" jsonb, "extra" jsonb,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "deleted_at" TIMESTAMP WITH TIME ZONE, ${t.own.join(', ')}, CONSTRAINT "${t.oldPk}" PRIMARY KEY ("id"))`);
      await q.query(`INSERT INTO "${t.name}" (user_id, record_key, hk_uuid, sample_type, unit, start_time, end_time, source_id,
          source_platform, source_device_id, recording_method, metadata, extra, updated_at, deleted_at, ${own.join(', ')})
        SELECT u.subject, n.record_key::text, coalesce(n.record_id, n.record_key)::text, ht.name, cx.unit, n.start_time, n.end_time,
          n.source_id, src.platform, cx.source_device_id, cx.recording_method, cx.metadata, n.extra, n.updated_at, n.deleted_at,
          ${own.map((c) => `n.${c}`).join(', ')}
        FROM "${t.name}_v2" n JOIN app_user u ON u.id = n.user_ref JOIN health_term ht ON ht.id = n.type_id
        JOIN sample_context cx ON cx.id = n.context_id JOIN healthkit_source src ON src.id = n.source_id`);
      await q.query(`DROP TABLE "${t.name}_v2"`);
      await q.query(
        `ALTER TABLE "${t.name}" ADD CONSTRAINT "fk_${t.name}_source" FOREIGN KEY ("source_id") REFERENCES "healthkit_source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
      const [uq, second, uuid] = OLD_INDEXES[t.name];
      await q.query(`CREATE UNIQUE INDEX "${uq}" ON "${t.name}" ("user_id", "record_key")`);
      const secondColumns = t.indexes[0][1].replace('"user_ref"', '"user_id"').replace('"type_id"', '"sample_type"');
      await q.query(`CREATE INDEX "${second}" ON "${t.name}" (${secondColumns})`);
      await q.query(`CREATE INDEX "${uuid}" ON "${t.name}" ("user_id", "hk_uuid")`);
    }
    await q.query(`DROP TABLE "sample_context"`);
    await q.query(`DROP TABLE "health_term"`);
    await q.query(`DROP TABLE IF EXISTS "rollup_rebuild_request"`);
    await q.query(`DROP TABLE "app_user"`);
  }
}
