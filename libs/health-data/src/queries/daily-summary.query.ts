import type { EntityManager } from 'typeorm';
import { aggregateSamples } from './aggregates.query';
import { instantOfLocal, ReadZone } from './read-zone';
import { pageWorkouts } from './record-pages.query';
import { sleepSessions } from './sleep-sessions.query';
import type { SleepSession } from './sleep-sessions';

/** What a home screen shows for one local day, every figure with precedence applied. */
export interface DailySummary {
  date: string;
  steps: number | null;
  distanceMeters: number | null;
  activeEnergyKcal: number | null;
  restingHeartRate: number | null;
  /** The main sleep that ended on this date (the night before it). */
  sleep: SleepSession | null;
  naps: SleepSession[];
  workouts: Record<string, unknown>[];
}

/** More workouts than anyone records in a day; the day's list is not paged. */
const WORKOUTS_PER_DAY = 100;

export async function dailySummary(em: EntityManager, userId: string, date: string, zone: ReadZone): Promise<DailySummary> {
  const from = instantOfLocal(new Date(`${date}T00:00:00Z`), zone.zone);
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000);
  const to = instantOfLocal(next, zone.zone);
  const total = async (sampleType: string, pick: 'sum' | 'avg') => {
    const [day] = await aggregateSamples(em, userId, { sampleType, from, to, bucket: 'day', zone });
    return day ? day[pick] : null;
  };
  const [steps, distanceMeters, activeEnergyKcal, restingHeartRate, nights, workouts] = await Promise.all([
    total('STEPS', 'sum'),
    total('DISTANCE_WALKING_RUNNING', 'sum'),
    total('ACTIVE_ENERGY_BURNED', 'sum'),
    total('RESTING_HEART_RATE', 'avg'),
    sleepSessions(em, userId, { from, to }, { zone: zone.zone }),
    pageWorkouts(em, userId, { from, to }, { first: WORKOUTS_PER_DAY, after: null }),
  ]);
  return {
    date,
    steps,
    distanceMeters,
    activeEnergyKcal,
    restingHeartRate,
    sleep: nights.find((n) => !n.isNap) ?? null,
    naps: nights.filter((n) => n.isNap),
    workouts: workouts.edges.map((e) => e.node),
  };
}
