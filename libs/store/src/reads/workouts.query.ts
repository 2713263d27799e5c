import { Connection, toConnection } from '@app/health-data/queries/keyset-cursor';
import type { PageRequest, TimeRange } from '@app/health-data/queries/page-request';
import { RoutePoint, routePoints, valueWithInstants } from '@app/health-data/queries/structured-values';
import type { EntityManager } from 'typeorm';
import { findUserRef } from '../health-rows/row-references';
import { RANK, rankJoins } from '../rollup/source-rank';
import { statement } from '../sql/statement';
import { AFTER, COLUMNS, cursorParams, FROM, RecordColumns } from './record-pages.query';

export type WorkoutPrecedence = 'raw' | 'applied';
export type ListOrder = 'asc' | 'desc';

export interface WorkoutOptions {
  precedence?: WorkoutPrecedence;
  order?: ListOrder;
}

/**
 * A workout left out under APPLIED overlaps a better-ranked source's workout of the same activity
 * for more than this share of the shorter of the two (a Watch run and its Strava copy).
 */
export const WORKOUT_OVERLAP_SHARE = 0.5;
/** Workouts are compared with those that start at most this long before them (an index range). */
const OVERLAP_LOOKBACK = `interval '24 hours'`;

/** A row of `workouts` (and of a day's workouts in `dailySummary`). */
export interface WorkoutRow extends RecordColumns {
  activityType: string | null;
  durationSeconds: number;
  totalEnergyBurned: number | null;
  totalEnergyBurnedUnit: string | null;
  totalDistance: number | null;
  totalDistanceUnit: string | null;
  totalSteps: number | null;
  heartRate: { avg: number; max: number; count: number } | null;
  hasRoute: boolean;
}

/**
 * Workouts starting in [$2, $3), keyset-paged either way. Per workout:
 * - `heartRate`: avg and max of the HEART_RATE readings from its start to its end, precedence
 *   applied as in aggregates (per minute the best-ranked source with a reading wins; an exact
 *   repeat counts once); null without readings;
 * - `hasRoute`: a WORKOUT_ROUTE of the workout exists: one naming it (`workoutUuid`), one under the
 *   same Health Connect record id (the package sends an exercise session's route with the session's
 *   id), or one without a workout id from the same source starting within the workout (HealthKit
 *   routes rarely carry one).
 * With APPLIED ($7 true) a workout is left out when a better-ranked source (ranks for "WORKOUT")
 * has a workout of the same activity overlapping it for more than half of the shorter one.
 */
const WORKOUTS_SQL = (dir: 'ASC' | 'DESC') => `
WITH ranks AS MATERIALIZED (
  SELECT src.id, ${RANK} AS rank FROM healthkit_source src ${rankJoins("'WORKOUT'")} WHERE src.user_ref = $1::int
), hr_ranks AS MATERIALIZED (
  SELECT src.id, ${RANK} AS rank FROM healthkit_source src ${rankJoins("'HEART_RATE'")} WHERE src.user_ref = $1::int
), terms AS (
  SELECT (SELECT id FROM health_term WHERE name = 'HEART_RATE') AS hr, (SELECT id FROM health_term WHERE name = 'WORKOUT_ROUTE') AS route
)
SELECT ${COLUMNS}, s.activity_type AS "activityType", s.duration_seconds AS "durationSeconds",
  s.total_energy_burned AS "totalEnergyBurned", s.total_energy_burned_unit AS "totalEnergyBurnedUnit",
  s.total_distance AS "totalDistance", s.total_distance_unit AS "totalDistanceUnit", s.total_steps AS "totalSteps",
  CASE WHEN hr.n > 0 THEN jsonb_build_object('avg', hr.avg, 'max', hr.max, 'count', hr.n) END AS "heartRate",
  EXISTS (
    SELECT 1 FROM healthkit_sample r
    WHERE r.user_ref = $1::int AND r.type_id = terms.route AND r.deleted_at IS NULL
      AND r.start_time >= s.start_time - interval '1 minute' AND r.start_time <= s.end_time
      AND (lower(r.value_detail->>'workoutUuid') = coalesce(s.record_id, s.record_key)::text
           OR r.record_id = s.record_id
           OR (r.value_detail->>'workoutUuid' IS NULL AND r.source_id = s.source_id))
  ) AS "hasRoute"
${FROM('healthkit_workout')}
CROSS JOIN terms
LEFT JOIN LATERAL (
  SELECT avg(x.value) AS avg, max(x.value) AS max, count(*)::int AS n FROM (
    SELECT h.value, h.source_id,
           first_value(h.source_id) OVER (PARTITION BY date_trunc('minute', h.start_time) ORDER BY q.rank, h.source_id) AS winner,
           row_number() OVER (PARTITION BY h.source_id, h.start_time ORDER BY h.updated_at DESC, h.record_key) AS repeat_no
    FROM healthkit_sample h JOIN hr_ranks q ON q.id = h.source_id
    WHERE h.user_ref = $1::int AND h.type_id = terms.hr AND h.start_time >= s.start_time AND h.start_time <= s.end_time
      AND h.deleted_at IS NULL AND h.value IS NOT NULL
  ) x WHERE x.source_id = x.winner AND x.repeat_no = 1
) hr ON TRUE
WHERE s.user_ref = $1::int AND s.start_time >= $2 AND s.start_time < $3 AND s.deleted_at IS NULL
  AND ${AFTER(4, dir === 'ASC' ? '>' : '<')}
  AND NOT ($7::boolean AND EXISTS (
    SELECT 1 FROM healthkit_workout o JOIN ranks orank ON orank.id = o.source_id
    WHERE o.user_ref = $1::int AND o.deleted_at IS NULL AND o.source_id <> s.source_id
      AND o.activity_type IS NOT DISTINCT FROM s.activity_type
      AND o.start_time > s.start_time - ${OVERLAP_LOOKBACK} AND o.start_time < s.end_time AND o.end_time > s.start_time
      AND (orank.rank, o.source_id) < (${RANK}, s.source_id)
      AND extract(epoch FROM least(o.end_time, s.end_time) - greatest(o.start_time, s.start_time))
          > ${WORKOUT_OVERLAP_SHARE} * least(extract(epoch FROM o.end_time - o.start_time), extract(epoch FROM s.end_time - s.start_time))))
ORDER BY s.start_time ${dir}, s.record_key ${dir}
LIMIT $6`;

const ASC_SQL = statement('reads/workouts-asc', WORKOUTS_SQL('ASC'));
const DESC_SQL = statement('reads/workouts-desc', WORKOUTS_SQL('DESC'));

export async function pageWorkouts(
  em: EntityManager,
  userId: string,
  range: TimeRange,
  page: PageRequest,
  options: WorkoutOptions = {},
): Promise<Connection<WorkoutRow>> {
  const userRef = await findUserRef(em, userId);
  if (userRef === null) return toConnection([], page.first);
  const rows = await em.query(options.order === 'desc' ? DESC_SQL : ASC_SQL, [
    userRef,
    range.from,
    range.to,
    ...cursorParams(page.after),
    page.first + 1,
    options.precedence === 'applied',
  ]);
  return toConnection<WorkoutRow>(rows, page.first);
}

/**
 * The WORKOUT_ROUTE values of one of the caller's workouts (by its `id`), matched as `hasRoute`
 * matches them; null when the caller has no such workout.
 */
const ROUTE_SQL = statement(
  'reads/workout-route',
  `SELECT r.value_detail AS "valueDetail", r.start_time AS "startTime"
FROM healthkit_workout w
JOIN healthkit_sample r ON r.user_ref = w.user_ref
  AND r.type_id = (SELECT id FROM health_term WHERE name = 'WORKOUT_ROUTE') AND r.deleted_at IS NULL
  AND r.start_time >= w.start_time - interval '1 minute' AND r.start_time <= w.end_time
  AND (lower(r.value_detail->>'workoutUuid') = coalesce(w.record_id, w.record_key)::text
       OR r.record_id = w.record_id
       OR (r.value_detail->>'workoutUuid' IS NULL AND r.source_id = w.source_id))
WHERE w.user_ref = $1::int AND w.record_key = $2::uuid AND w.deleted_at IS NULL
ORDER BY r.start_time, r.record_key`,
);

const WORKOUT_EXISTS = statement(
  'reads/workout-exists',
  `SELECT 1 FROM healthkit_workout WHERE user_ref = $1::int AND record_key = $2::uuid AND deleted_at IS NULL`,
);

export async function workoutRoute(em: EntityManager, userId: string, workoutId: string): Promise<RoutePoint[] | null> {
  const userRef = await findUserRef(em, userId);
  if (userRef === null) return null;
  const [found] = await em.query(WORKOUT_EXISTS, [userRef, workoutId]);
  if (!found) return null;
  const rows: { valueDetail: unknown; startTime: Date }[] = await em.query(ROUTE_SQL, [userRef, workoutId]);
  return routePoints(rows.map((r) => valueWithInstants('WORKOUT_ROUTE', r.valueDetail, r.startTime)));
}
