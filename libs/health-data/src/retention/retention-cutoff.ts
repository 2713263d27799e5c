import { QUARTER_MS } from '../rollup/rollup-spans';

const DAY_MS = 86_400_000;

/**
 * The cutoff of a retention run: 00:00 UTC of the day `maxAgeDays` days before `now`. A row is
 * deleted once all of it lies before the cutoff, so rows are kept for `maxAgeDays` to
 * `maxAgeDays + 1` days. A whole day (not `now - age`) makes every run of one day delete the
 * same set, so a second run that day finds nothing, and it is a quarter-hour boundary, which the
 * rollup rule needs (see retention.ts).
 */
export function retentionCutoff(now: Date, maxAgeDays: number): Date {
  if (!Number.isInteger(maxAgeDays) || maxAgeDays < 1) throw new Error('maxAgeDays must be a whole number of days, at least 1');
  return new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - maxAgeDays * DAY_MS);
}

export function isQuarterBoundary(t: Date): boolean {
  return t.getTime() % QUARTER_MS === 0;
}

/**
 * Whether retention deletes a row: every minute it covers lies before the cutoff. A row with a
 * duration covers [start, end); an instant covers its own minute. The SQL twin is
 * `start_time < cutoff AND end_time <= cutoff` (for a cutoff on a minute boundary).
 */
export function liesBefore(start: Date, end: Date, cutoff: Date): boolean {
  return start.getTime() < cutoff.getTime() && end.getTime() <= cutoff.getTime();
}

/**
 * The rollup quarters to recompute after a run, for a metric whose kept samples straddle the
 * cutoff (start before it, end after it): from the quarter of the earliest such start up to the
 * cutoff. Null when nothing straddles.
 */
export function straddlerSpan(earliestStart: Date | null, cutoff: Date): { from: Date; to: Date } | null {
  if (earliestStart === null || earliestStart.getTime() >= cutoff.getTime()) return null;
  return { from: new Date(Math.floor(earliestStart.getTime() / QUARTER_MS) * QUARTER_MS), to: cutoff };
}
