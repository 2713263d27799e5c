import { Connection, toConnection } from '@app/health-data/queries/keyset-cursor';
import type { PageRequest, TimeRange } from '@app/health-data/queries/page-request';
import type { EntityManager } from 'typeorm';
import { findUserRef, PHONE_UUID_SQL } from '../health-rows/row-references';
import { RANK, rankJoins } from '../rollup/source-rank';
import { statement } from '../sql/statement';
import { AFTER, cursorParams } from './record-pages.query';

/** One blood-pressure reading: the systolic and diastolic samples a device wrote at one moment. */
export interface BloodPressureReading {
  /** The systolic sample's row id (the cursor's tie-breaker). */
  id: string;
  systolicUuid: string;
  diastolicUuid: string;
  time: Date;
  systolic: number;
  diastolic: number;
  unit: string | null;
  sourceId: string;
  sourceName: string;
  precedence: number;
  recordingMethod: string | null;
  cursorMicros: string;
}

/**
 * HealthKit writes a blood-pressure correlation as two samples with the same start; Health Connect
 * one record that the package sends as two points with the same record id and time. So a pair is a
 * systolic and a diastolic sample of the same source starting at the same instant (the one synced
 * last, should a source repeat itself). A reading without its partner is left out here (`samples`
 * still lists it). Precedence as for every reading: where two sources measured in the same minute
 * (the cuff's own app and a copy of it), only the best-ranked source's reading is kept.
 * Newest first, keyset over (time, systolic id).
 */
const BLOOD_PRESSURE_SQL = statement(
  'reads/blood-pressure',
  `WITH ranks AS MATERIALIZED (
  SELECT src.id, ${RANK} AS rank FROM healthkit_source src ${rankJoins("'BLOOD_PRESSURE_SYSTOLIC'")} WHERE src.user_ref = $1::int
), types AS (
  SELECT (SELECT id FROM health_term WHERE name = 'BLOOD_PRESSURE_SYSTOLIC') AS sys,
         (SELECT id FROM health_term WHERE name = 'BLOOD_PRESSURE_DIASTOLIC') AS dia
)
SELECT s.record_key::text AS id, ${PHONE_UUID_SQL} AS "systolicUuid", d."diastolicUuid",
       s.start_time AS time, s.value AS systolic, d.value AS diastolic, cx.unit,
       s.source_id::text AS "sourceId", src.name AS "sourceName", r.rank AS precedence,
       cx.recording_method AS "recordingMethod",
       (extract(epoch FROM s.start_time) * 1000000)::bigint::text AS "cursorMicros"
FROM types, healthkit_sample s
JOIN healthkit_source src ON src.id = s.source_id
JOIN ranks r ON r.id = s.source_id
JOIN sample_context cx ON cx.id = s.context_id
JOIN LATERAL (
  SELECT ds.value, CASE WHEN src.platform = 'appleHealth' THEN upper(ds.record_key::text)
                        ELSE coalesce(ds.record_id, ds.record_key)::text END AS "diastolicUuid"
  FROM healthkit_sample ds
  WHERE ds.user_ref = $1::int AND ds.type_id = types.dia AND ds.start_time = s.start_time
    AND ds.source_id = s.source_id AND ds.deleted_at IS NULL AND ds.value IS NOT NULL
  ORDER BY ds.updated_at DESC, ds.record_key LIMIT 1
) d ON TRUE
WHERE s.user_ref = $1::int AND s.type_id = types.sys AND s.start_time >= $2 AND s.start_time < $3
  AND s.deleted_at IS NULL AND s.value IS NOT NULL AND ${AFTER(4, '<')}
  AND NOT EXISTS (
    SELECT 1 FROM healthkit_sample o JOIN ranks orank ON orank.id = o.source_id
    WHERE o.user_ref = $1::int AND o.type_id = types.sys AND o.deleted_at IS NULL
      AND o.start_time >= date_trunc('minute', s.start_time) AND o.start_time < date_trunc('minute', s.start_time) + interval '1 minute'
      AND (orank.rank, o.source_id) < (r.rank, s.source_id))
  AND NOT EXISTS ( -- the same source's repeat at the same instant: the one synced last stands
    SELECT 1 FROM healthkit_sample o
    WHERE o.user_ref = $1::int AND o.type_id = types.sys AND o.start_time = s.start_time AND o.source_id = s.source_id
      AND o.deleted_at IS NULL AND o.value IS NOT NULL AND (o.updated_at, o.record_key) > (s.updated_at, s.record_key))
ORDER BY s.start_time DESC, s.record_key DESC
LIMIT $6`,
);

export async function pageBloodPressure(
  em: EntityManager,
  userId: string,
  range: TimeRange,
  page: PageRequest,
): Promise<Connection<BloodPressureReading>> {
  const userRef = await findUserRef(em, userId);
  if (userRef === null) return toConnection([], page.first);
  const rows: BloodPressureReading[] = await em.query(BLOOD_PRESSURE_SQL, [
    userRef,
    range.from,
    range.to,
    ...cursorParams(page.after),
    page.first + 1,
  ]);
  return toConnection<BloodPressureReading>(rows, page.first);
}
