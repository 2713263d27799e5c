import { BucketZone, resolveTimeZone } from '@app/health-data';
import { badInput } from '../graphql/errors';

const MAX_RANGE_DAYS = 366;
const MAX_LIMIT = 10_000;

/** Read queries are bounded: a range of at most a year, a row limit, a real zone. */
export function validateRange(from: Date, to: Date, limit?: number): void {
  if (!(to.getTime() > from.getTime())) throw badInput('to', 'must be after from');
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw badInput('to', `must be at most ${MAX_RANGE_DAYS} days after from`);
  }
  if (limit !== undefined) validateLimit(limit);
}

export function validateLimit(limit: number): void {
  if (limit < 1 || limit > MAX_LIMIT) throw badInput('limit', `must be between 1 and ${MAX_LIMIT}`);
}

export function bucketZoneOf(timeZone: string): BucketZone {
  const zone = resolveTimeZone(timeZone);
  if (!zone) throw badInput('timeZone', 'must be an IANA time zone name or ±HH:MM');
  // PostgreSQL reads '+02:00' in AT TIME ZONE with the POSIX sign (west positive): pass offsets as minutes.
  return /^[+-]\d{2}:\d{2}$/.test(timeZone) ? { offsetMinutes: zone.offsetMinutesAt(0) } : { name: timeZone };
}
