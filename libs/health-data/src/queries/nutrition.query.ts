import type { EntityManager } from 'typeorm';
import { RANK, rankJoins } from '../precedence/effective-precedence';
import { findUserRef, PHONE_UUID_SQL } from '../storage/row-references';
import { NUTRITION_TYPES, NutritionDay, nutritionDays, NutritionRow } from './nutrition';
import type { ReadZone } from './read-zone';
import type { TimeRange } from './record-pages.query';

/** A year of five meals a day with a dozen nutrient samples each is ≈ 120k rows; this bounds a pathological account. */
const MAX_ROWS = 200_000;

/**
 * Meals and nutrient samples starting in [$3, $4); ranks per type (overrides applied), as aggregates
 * rank them. $2 holds the types' ids, looked up first: joined by name instead, the planner guessed
 * how many of the 40 names exist and read the user's whole partition (≈ 80 ms for a month).
 */
export const NUTRITION_ROWS = `
SELECT s.record_key::text AS id, ${PHONE_UUID_SQL} AS uuid, ht.name AS "sampleType",
       s.start_time AS "startTime", s.end_time AS "endTime", s.source_id::text AS "sourceId", src.name AS "sourceName",
       ${RANK} AS precedence, s.value, s.value_detail AS "valueDetail"
FROM healthkit_sample s
JOIN health_term ht ON ht.id = s.type_id
JOIN healthkit_source src ON src.id = s.source_id ${rankJoins('ht.name')}
WHERE s.user_ref = $1::int AND s.type_id = ANY($2::int[]) AND s.start_time >= $3 AND s.start_time < $4 AND s.deleted_at IS NULL
ORDER BY s.start_time, s.record_key
LIMIT ${MAX_ROWS}`;

const TYPE_IDS = `SELECT array_agg(id) AS ids FROM health_term WHERE name = ANY($1::text[])`;

export async function nutrition(em: EntityManager, userId: string, range: TimeRange, zone: ReadZone): Promise<NutritionDay[]> {
  const userRef = await findUserRef(em, userId);
  if (userRef === null) return [];
  const [{ ids }] = await em.query(TYPE_IDS, [NUTRITION_TYPES]);
  if (ids === null) return [];
  const rows: NutritionRow[] = await em.query(NUTRITION_ROWS, [userRef, ids, range.from, range.to]);
  return nutritionDays(rows, zone.zone);
}
