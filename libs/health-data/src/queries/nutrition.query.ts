import type { EntityManager } from 'typeorm';
import { RANK, rankJoins } from '../precedence/effective-precedence';
import { findUserRef, PHONE_UUID_SQL } from '../storage/row-references';
import { NUTRITION_TYPES, NutritionDay, nutritionDays, NutritionRow } from './nutrition';
import type { ReadZone } from './read-zone';
import type { TimeRange } from './record-pages.query';

/** A year of five meals a day with a dozen nutrient samples each is ≈ 120k rows; this bounds a pathological account. */
const MAX_ROWS = 200_000;

/** Meals and nutrient samples starting in [$3, $4); ranks per type (overrides applied), as aggregates rank them. */
const NUTRITION_ROWS = `
SELECT s.record_key::text AS id, ${PHONE_UUID_SQL} AS uuid, ht.name AS "sampleType",
       s.start_time AS "startTime", s.end_time AS "endTime", s.source_id::text AS "sourceId", src.name AS "sourceName",
       ${RANK} AS precedence, s.value, s.value_detail AS "valueDetail"
FROM health_term ht
JOIN healthkit_sample s ON s.user_ref = $1::int AND s.type_id = ht.id
JOIN healthkit_source src ON src.id = s.source_id ${rankJoins('ht.name')}
WHERE ht.name = ANY($2::text[]) AND s.start_time >= $3 AND s.start_time < $4 AND s.deleted_at IS NULL
ORDER BY s.start_time, s.record_key
LIMIT ${MAX_ROWS}`;

export async function nutrition(em: EntityManager, userId: string, range: TimeRange, zone: ReadZone): Promise<NutritionDay[]> {
  const userRef = await findUserRef(em, userId);
  if (userRef === null) return [];
  const rows: NutritionRow[] = await em.query(NUTRITION_ROWS, [userRef, NUTRITION_TYPES, range.from, range.to]);
  return nutritionDays(rows, zone.zone);
}
