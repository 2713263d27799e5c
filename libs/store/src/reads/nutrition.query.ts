import { NUTRITION_TYPES, NutritionDay, nutritionDays, NutritionRow } from '@app/health-data/queries/nutrition';
import type { TimeRange } from '@app/health-data/queries/page-request';
import type { ReadZone } from '@app/health-data/queries/read-zone';
import type { EntityManager } from 'typeorm';
import { findUserRef, PHONE_UUID_SQL } from '../health-rows/row-references';
import { RANK, rankJoins } from '../rollup/source-rank';
import { statement } from '../sql/statement';

/** A year of five meals a day with a dozen nutrient samples each is ≈ 120k rows; this bounds a pathological account. */
const MAX_ROWS = 200_000;

/**
 * Meals and nutrient samples starting in [$3, $4); ranks per type (overrides applied), as aggregates
 * rank them. $2 holds the types' ids, looked up first: joined by name instead, the planner guessed
 * how many of the 40 names exist and read the user's whole partition (≈ 80 ms for a month).
 */
export const NUTRITION_ROWS = statement(
  'reads/nutrition-rows',
  `SELECT s.record_key::text AS id, ${PHONE_UUID_SQL} AS uuid, ht.name AS "sampleType",
       s.start_time AS "startTime", s.end_time AS "endTime", s.source_id::text AS "sourceId", src.name AS "sourceName",
       ${RANK} AS precedence, s.value, s.value_detail AS "valueDetail"
FROM healthkit_sample s
JOIN health_term ht ON ht.id = s.type_id
JOIN healthkit_source src ON src.id = s.source_id ${rankJoins('ht.name')}
WHERE s.user_ref = $1::int AND s.type_id = ANY($2::int[]) AND s.start_time >= $3 AND s.start_time < $4 AND s.deleted_at IS NULL
ORDER BY s.start_time, s.record_key
LIMIT ${MAX_ROWS}`,
);

const TYPE_IDS = statement(
  'reads/nutrition-type-ids',
  `SELECT array_agg(id) AS ids FROM health_term WHERE name = ANY($1::text[])`,
);

export async function nutrition(em: EntityManager, userId: string, range: TimeRange, zone: ReadZone): Promise<NutritionDay[]> {
  const userRef = await findUserRef(em, userId);
  if (userRef === null) return [];
  const [{ ids }]: { ids: number[] | null }[] = await em.query(TYPE_IDS, [NUTRITION_TYPES]);
  if (ids === null) return [];
  const rows: NutritionRow[] = await em.query(NUTRITION_ROWS, [userRef, ids, range.from, range.to]);
  return nutritionDays(rows, zone.zone);
}
