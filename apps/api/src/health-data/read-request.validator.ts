import { decodeCursor, isKnownDataType, Keyset, PageRequest, ReadZone, readZoneOf } from '@app/health-data';
import { badInput } from '../graphql/errors';
import { MAX_PAGE_SIZE } from './dto/read.args';

/** A year and a day: a leap year of daily buckets, or a year of raw pages. */
export const MAX_RANGE_DAYS = 366;
/** Weekly and monthly charts may look back five years; they read the rollup, never raw rows. */
export const MAX_LONG_RANGE_DAYS = 5 * 366;
const DAY_MS = 86_400_000;
/**
 * Where a read may look: stored rows start in 1900 or later (items before are refused), and
 * PostgreSQL refuses timestamps JavaScript takes (year -200000), which would fail the statement.
 */
export const READ_DATE_RANGE = {
  min: Date.UTC(1900, 0, 1),
  max: Date.UTC(2200, 0, 1),
  message: 'must be between 1900-01-01 and 2200-01-01',
} as const;

/** Read queries are bounded: a range of at most `maxDays`, in order. */
export function validateRange(from: Date, to: Date, maxDays = MAX_RANGE_DAYS): void {
  if (Number.isNaN(from.getTime())) throw badInput('from', 'must be an ISO date-time');
  if (Number.isNaN(to.getTime())) throw badInput('to', 'must be an ISO date-time');
  for (const [field, date] of [['from', from] as const, ['to', to] as const]) {
    if (date.getTime() < READ_DATE_RANGE.min || date.getTime() > READ_DATE_RANGE.max) {
      throw badInput(field, READ_DATE_RANGE.message);
    }
  }
  if (!(to.getTime() > from.getTime())) throw badInput('to', 'must be after from');
  if (to.getTime() - from.getTime() > maxDays * DAY_MS) throw badInput('to', `must be at most ${maxDays} days after from`);
}

export function validatePage(first: number, after: string | null | undefined): PageRequest {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  let keyset: Keyset | null = null;
  if (after !== null && after !== undefined) {
    keyset = decodeCursor(after);
    if (!keyset) throw badInput('after', 'is not a cursor this API returned');
  }
  return { first, after: keyset };
}

/**
 * An IANA zone known to Node and to PostgreSQL (`sqlZones`, see SqlTimeZones) or ±HH:MM. Offsets
 * must be whole quarter hours: aggregates are kept per quarter hour, and every zone in use today
 * is a whole number of quarter hours from UTC.
 */
export function validateZone(timeZone: string, sqlZones: ReadonlySet<string>, field = 'timeZone'): ReadZone {
  const zone = readZoneOf(timeZone);
  if (!zone) throw badInput(field, 'must be an IANA time zone name or ±HH:MM');
  // An IANA name must be one PostgreSQL knows too (offsets become POSIX zones, which it always takes).
  if (zone.sql === timeZone && !sqlZones.has(timeZone)) throw badInput(field, 'is not a time zone the database knows');
  if (zone.zone.offsetMinutesAt(0) % 15 !== 0) throw badInput(field, 'offset must be a whole number of quarter hours');
  return zone;
}

/**
 * One of the `health` package's HealthDataType names (`extra` adds names a read takes besides them,
 * such as SLEEP for sleep rankings): a misspelled name is refused, never answered with an empty list.
 */
export function validateSampleType(sampleType: string, field = 'sampleType', extra: readonly string[] = []): void {
  if (!isKnownDataType(sampleType) && !extra.includes(sampleType)) {
    throw badInput(field, 'must be a HealthDataType name such as STEPS');
  }
}

export function validateDate(date: string, field = 'date'): void {
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
    Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
    new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date
  ) {
    throw badInput(field, 'must be a date YYYY-MM-DD');
  }
  const at = Date.parse(`${date}T00:00:00Z`);
  if (at < READ_DATE_RANGE.min || at >= READ_DATE_RANGE.max) throw badInput(field, READ_DATE_RANGE.message);
}
