import type { TimeZone } from '@app/health-data/parsing/time-zone';
import type { TimeRange } from '@app/health-data/queries/page-request';
import { assembleSleepSessions, SleepRow, SleepSession } from '@app/health-data/queries/sleep-sessions';
import type { EntityManager } from 'typeorm';
import { PHONE_UUID_SQL, userRefOf } from '../health-rows/row-references';
import { RANK, rankJoins } from '../rollup/source-rank';
import { statement } from '../sql/statement';

/**
 * Rows are read this far around the range so that a night crossing its edge is assembled whole
 * (it is then kept or not by its wake-up time), never cut in half.
 */
const MARGIN_MS = 36 * 3_600_000;
/** A year of nights from three sources is ≈ 20k rows; this bounds a pathological account. */
const MAX_ROWS = 100_000;

const SLEEP_ROWS = statement(
  'reads/sleep-rows',
  `SELECT s.record_key::text AS id,
       ${PHONE_UUID_SQL} AS uuid, s.stage, s.start_time AS "startTime", s.end_time AS "endTime",
       s.source_id::text AS "sourceId", src.name AS "sourceName", ${RANK} AS precedence,
       ht.name AS "sampleType", cx.unit, cx.metadata, s.value AS minutes, cx.recording_method AS "recordingMethod",
       cx.source_device_id AS "sourceDeviceId", s.extra->>'deviceModel' AS "deviceModel"
FROM healthkit_sleep_analysis s JOIN healthkit_source src ON src.id = s.source_id
  JOIN health_term ht ON ht.id = s.type_id JOIN sample_context cx ON cx.id = s.context_id ${rankJoins("'SLEEP'")}
WHERE s.user_ref = ${userRefOf('$1')} AND s.start_time < $3 AND s.end_time > $2 AND s.deleted_at IS NULL AND s.end_time > s.start_time
ORDER BY s.start_time, s.record_key LIMIT ${MAX_ROWS}`,
);

/** Sessions whose wake-up falls in [from, to), main sleep and naps told apart per local date. */
export async function sleepSessions(
  em: EntityManager,
  userId: string,
  range: TimeRange,
  options: { zone: TimeZone; gapMinutes?: number },
): Promise<SleepSession[]> {
  const rows: SleepRow[] = await em.query(SLEEP_ROWS, [
    userId,
    new Date(range.from.getTime() - MARGIN_MS),
    new Date(range.to.getTime() + MARGIN_MS),
  ]);
  return assembleSleepSessions(rows, options).filter(
    (s) => s.endTime.getTime() >= range.from.getTime() && s.endTime.getTime() < range.to.getTime(),
  );
}
