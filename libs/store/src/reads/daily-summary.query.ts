import { instantOfLocal, ReadZone } from '@app/health-data/queries/read-zone';
import type { SleepSession } from '@app/health-data/queries/sleep-sessions';
import type { EntityManager } from 'typeorm';
import { aggregateSamples } from './aggregates.query';
import { sleepSessions } from './sleep-sessions.query';
import { pageWorkouts, WorkoutRow } from './workouts.query';

/** What a home screen shows for one local day, every figure with precedence applied. */
export interface DailySummary {
  date: string;
  steps: number | null;
  distanceMeters: number | null;
  activeEnergyKcal: number | null;
  /** Health Connect's TOTAL_CALORIES_BURNED (active + basal); HealthKit has no such type. */
  totalEnergyKcal: number | null;
  restingHeartRate: number | null;
  /** The main sleep that ended on this date (the night before it). */
  sleep: SleepSession | null;
  naps: SleepSession[];
  workouts: WorkoutRow[];
}

/** More workouts than anyone records in a day; the day's list is not paged. */
const WORKOUTS_PER_DAY = 100;

export interface DailySummaryOptions {
  /** Leave out samples entered by hand (see aggregateSamples). */
  excludeManual?: boolean;
}

/**
 * Distance: HealthKit writes DISTANCE_WALKING_RUNNING, Health Connect DISTANCE_DELTA (its
 * DistanceRecord, meters); a day takes the first of them that has data, never both, so a phone
 * switch cannot count one walk twice. Energy: ACTIVE_ENERGY_BURNED on both (Health Connect's
 * ActiveCaloriesBurnedRecord), and Health Connect's TOTAL_CALORIES_BURNED on its own.
 */
export async function dailySummary(
  em: EntityManager,
  userId: string,
  date: string,
  zone: ReadZone,
  options: DailySummaryOptions = {},
): Promise<DailySummary> {
  const from = instantOfLocal(new Date(`${date}T00:00:00Z`), zone.zone);
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000);
  const to = instantOfLocal(next, zone.zone);
  const total = async (sampleType: string, pick: 'sum' | 'avg') => {
    const [day] = await aggregateSamples(em, userId, {
      sampleType,
      from,
      to,
      bucket: 'day',
      zone,
      excludeManual: options.excludeManual,
    });
    return day ? day[pick] : null;
  };
  const [steps, walkingRunning, distanceDelta, activeEnergyKcal, totalEnergyKcal, restingHeartRate, nights, workouts] =
    await Promise.all([
      total('STEPS', 'sum'),
      total('DISTANCE_WALKING_RUNNING', 'sum'),
      total('DISTANCE_DELTA', 'sum'),
      total('ACTIVE_ENERGY_BURNED', 'sum'),
      total('TOTAL_CALORIES_BURNED', 'sum'),
      total('RESTING_HEART_RATE', 'avg'),
      sleepSessions(em, userId, { from, to }, { zone: zone.zone }),
      pageWorkouts(em, userId, { from, to }, { first: WORKOUTS_PER_DAY, after: null }, { precedence: 'applied' }),
    ]);
  return {
    date,
    steps,
    distanceMeters: walkingRunning ?? distanceDelta,
    activeEnergyKcal,
    totalEnergyKcal,
    restingHeartRate,
    sleep: nights.find((n) => !n.isNap) ?? null,
    naps: nights.filter((n) => n.isNap),
    workouts: workouts.edges.map((e) => e.node),
  };
}
