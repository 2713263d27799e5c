import type { RowContext } from '@app/health-data/storage/row-context';
import type { EntityManager } from 'typeorm';
import { statement } from '../sql/statement';
import { runStatement } from '../sql/run-statement';

/**
 * The small references a health row holds instead of repeated text: the user's `app_user` id,
 * the data type's `health_term` id and the user's `sample_context` ids. Each is created on first
 * sight with INSERT … ON CONFLICT DO NOTHING, which waits for a concurrent transaction inserting
 * the same key, so the SELECT after it (a new snapshot) always finds the row.
 */

/** SQL for "the app_user id of the subject in parameter p" (NULL when the user never synced). */
export const userRefOf = (param: string) => `(SELECT id FROM app_user WHERE subject = ${param})`;
/** SQL for "the health_term id of the type name in parameter p". */
export const typeIdOf = (param: string) => `(SELECT id FROM health_term WHERE name = ${param})`;

/**
 * SQL for the id the phone sent for row `s` of source `src`: HealthKit's UUID in its own upper
 * case, Health Connect's record id (shared by the points of one record).
 */
export const PHONE_UUID_SQL = `CASE WHEN src.platform = 'appleHealth' THEN upper(s.record_key::text)
  ELSE coalesce(s.record_id, s.record_key)::text END`;

/**
 * A health table's rows with their references spelt out, as alias `x`: every stored column plus
 * user_id (the subject), sample_type, hk_uuid (the id the phone sent), unit, recording_method,
 * source_device_id and metadata. What an export hands the user, and what tests assert on.
 */
export function namedRowsSql(table: string): string {
  return `(SELECT s.*, u.subject AS user_id, ht.name AS sample_type, ${PHONE_UUID_SQL} AS hk_uuid,
      cx.unit, cx.recording_method, cx.source_device_id, cx.metadata
    FROM ${table} s JOIN app_user u ON u.id = s.user_ref JOIN health_term ht ON ht.id = s.type_id
    JOIN sample_context cx ON cx.id = s.context_id JOIN healthkit_source src ON src.id = s.source_id) AS x`;
}

// Looked up per chunk (an index probe each), never cached in the process: an erasure deletes a
// user's id, and a database restored from a backup may lack a type id a cache would still hold.

const SELECT_USER = statement('health-rows/select-user', `SELECT id FROM app_user WHERE subject = $1`);
const INSERT_USER = statement(
  'health-rows/insert-user',
  `INSERT INTO app_user (subject) VALUES ($1) ON CONFLICT (subject) DO NOTHING`,
);

/** The user's app_user id, or null when the user never stored a chunk (nothing to read then). */
export async function findUserRef(em: EntityManager, subject: string): Promise<number | null> {
  const [row]: { id: number }[] = await runStatement(em, SELECT_USER, [subject]);
  return row?.id ?? null;
}

/** The user's app_user id, made on the user's first chunk. */
export async function resolveUserRef(em: EntityManager, subject: string): Promise<number> {
  const found = await findUserRef(em, subject);
  if (found !== null) return found;
  await runStatement(em, INSERT_USER, [subject]);
  const made = await findUserRef(em, subject);
  if (made === null) throw new Error('could not resolve a user');
  return made;
}

const SELECT_TYPES = statement('health-rows/select-types', `SELECT id, name FROM health_term WHERE name = ANY($1::text[])`);
const INSERT_TYPES = statement(
  'health-rows/insert-types',
  `INSERT INTO health_term (name) SELECT unnest($1::text[]) ORDER BY 1 ON CONFLICT (name) DO NOTHING`,
);

/** The health_term ids of the names, in the order given. */
export async function resolveTypeIds(em: EntityManager, names: readonly string[]): Promise<number[]> {
  if (names.length === 0) return [];
  const typeIds = new Map<string, number>();
  const collect = (rows: { id: number; name: string }[]) => rows.forEach((r) => typeIds.set(r.name, r.id));
  collect(await runStatement(em, SELECT_TYPES, [names]));
  const unknown = names.filter((n) => !typeIds.has(n));
  if (unknown.length > 0) {
    await runStatement(em, INSERT_TYPES, [unknown]);
    collect(await runStatement(em, SELECT_TYPES, [unknown]));
  }
  return names.map((n) => {
    const id = typeIds.get(n);
    if (id === undefined) throw new Error('could not resolve a data type');
    return id;
  });
}

// The digest is taken over jsonb text, which PostgreSQL normalises (key order, spacing), so two
// spellings of the same metadata share a context.
const CONTEXT_INPUT = `SELECT ord, unit, "recordingMethod", "sourceDeviceId", metadata,
    sha256(convert_to(jsonb_build_array(unit, "recordingMethod", "sourceDeviceId", metadata)::text, 'UTF8')) AS digest
  FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(doc, ord),
    jsonb_to_record(e.doc) AS r(unit text, "recordingMethod" text, "sourceDeviceId" text, metadata jsonb)`;
const SELECT_CONTEXTS = statement(
  'health-rows/select-contexts',
  `WITH input AS (${CONTEXT_INPUT})
SELECT input.ord::int AS ord, c.id::text AS id FROM input JOIN sample_context c ON c.user_ref = $1 AND c.digest = input.digest`,
);
const INSERT_CONTEXTS = statement(
  'health-rows/insert-contexts',
  `WITH input AS (${CONTEXT_INPUT})
INSERT INTO sample_context (user_ref, digest, unit, recording_method, source_device_id, metadata)
SELECT DISTINCT ON (digest) $1::int, digest, unit, "recordingMethod", "sourceDeviceId", metadata FROM input ORDER BY digest
ON CONFLICT (user_ref, digest) DO NOTHING`,
);

/** The user's context ids of the chunk's contexts, in the order given: one statement when all exist. */
export async function resolveContexts(em: EntityManager, userRef: number, contexts: readonly RowContext[]): Promise<string[]> {
  if (contexts.length === 0) return [];
  const payload = JSON.stringify(contexts);
  let found: { ord: number; id: string }[] = await runStatement(em, SELECT_CONTEXTS, [userRef, payload]);
  if (found.length < contexts.length) {
    await runStatement(em, INSERT_CONTEXTS, [userRef, payload]);
    found = await runStatement(em, SELECT_CONTEXTS, [userRef, payload]);
  }
  const ids: string[] = [];
  for (const { ord, id } of found) ids[ord - 1] = id;
  if (contexts.some((_, i) => ids[i] === undefined)) {
    throw new Error('could not resolve a row context');
  }
  return ids;
}
