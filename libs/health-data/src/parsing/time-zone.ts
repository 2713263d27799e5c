/**
 * Time zones for phone dates. Written by hand rather than with luxon: luxon spent ~40 µs per date,
 * which capped the API at ~50 chunks/s. Offsets come from the platform's Intl data (the same tz
 * database luxon reads) and are memoised per UTC hour, since zones change offset at most once in
 * any hour and a chunk's points sit in a narrow window.
 */
export interface TimeZone {
  readonly name: string;
  /** Minutes east of UTC at this instant. */
  offsetMinutesAt(utcMs: number): number;
}

const OFFSET_NAME = /^([+-])(\d{2}):(\d{2})$/;
// Dart's toIso8601String(): local time without offset, or with Z / ±HH:MM when it has one.
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;
const HOUR = 3_600_000;

class FixedOffsetZone implements TimeZone {
  constructor(
    readonly name: string,
    private readonly minutes: number,
  ) {}
  offsetMinutesAt(): number {
    return this.minutes;
  }
}

class IanaZone implements TimeZone {
  private readonly byHour = new Map<number, number>();
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly name: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  offsetMinutesAt(utcMs: number): number {
    const hour = Math.floor(utcMs / HOUR);
    const cached = this.byHour.get(hour);
    if (cached !== undefined) return cached;
    const start = this.exactOffset(hour * HOUR);
    const end = this.exactOffset((hour + 1) * HOUR - 1);
    // A transition inside this hour: answer exactly, cache nothing.
    if (start !== end) return this.exactOffset(utcMs);
    if (this.byHour.size > 50_000) this.byHour.clear();
    this.byHour.set(hour, start);
    return start;
  }

  private exactOffset(utcMs: number): number {
    const parts: Record<string, number> = {};
    for (const p of this.format.formatToParts(new Date(utcMs))) {
      if (p.type !== 'literal') parts[p.type] = Number(p.value);
    }
    const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
    return Math.round((asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000))) / 60_000);
  }
}

const zones = new Map<string, TimeZone | null>();

/** `Europe/Berlin` or `+02:00` → a zone; anything else → null. */
export function resolveTimeZone(name: string): TimeZone | null {
  if (zones.has(name)) return zones.get(name)!;
  const zone = createZone(name);
  if (zones.size < 1000) zones.set(name, zone);
  return zone;
}

function createZone(name: string): TimeZone | null {
  const offset = OFFSET_NAME.exec(name);
  if (offset) {
    const hours = Number(offset[2]);
    const minutes = Number(offset[3]);
    if (hours > 18 || minutes > 59) return null;
    return new FixedOffsetZone(name, (offset[1] === '-' ? -1 : 1) * (hours * 60 + minutes));
  }
  // Only region names: Intl also accepts abbreviations like "CEST" that are ambiguous on phones.
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(name) || (!name.includes('/') && name !== 'UTC')) return null;
  try {
    return new IanaZone(name);
  } catch {
    return null;
  }
}

/**
 * Dates a phone may send: from 1900-01-01 to a day after the server's clock (clock skew, a zone
 * east of the server). Anything else is a broken clock or a forged item, refused per item: one
 * sample spanning 0100–9999 once made a ranking rebuild walk every month between.
 */
export const PHONE_DATE_RANGE = { minYear: 1900, maxAheadMs: 86_400_000 } as const;
const MAX_OFFSET_MINUTES = 18 * 60;

/** `ms`: the instant, in epoch milliseconds (no Date object: this runs twice for every point). */
export type DateParseResult = { ok: true; ms: number } | { ok: false; message: string };

/** An explicit offset in the string wins; otherwise the chunk's zone says what local time it was. */
export function parsePhoneDate(value: string, zone: TimeZone | null): DateParseResult {
  const m = ISO.exec(value);
  if (!m) return { ok: false, message: 'must be an ISO-8601 date-time' };
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  // Before Date.UTC, which reads years 0–99 as 1900–1999.
  if (year < PHONE_DATE_RANGE.minYear) return { ok: false, message: `must not be before ${PHONE_DATE_RANGE.minYear}-01-01` };
  // Checked by hand: Date.UTC would quietly roll 2025-02-30 over into March.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, message: 'is not a valid date' };
  }
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const offset = m[8];
  if (offset) {
    if (offset === 'Z') return { ok: true, ms: local };
    const digits = offset.slice(1).replace(':', '');
    const offsetHours = Number(digits.slice(0, 2));
    const offsetMinutes = Number(digits.slice(2) || '0');
    // Real offsets lie within ±18:00 (java.time's range; the widest in use is +14:00).
    if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > MAX_OFFSET_MINUTES) {
      return { ok: false, message: 'has a malformed UTC offset (±HH:MM, minutes < 60, at most ±18:00)' };
    }
    const minutes = offsetHours * 60 + offsetMinutes;
    return { ok: true, ms: local - (offset[0] === '-' ? -1 : 1) * minutes * 60_000 };
  }
  if (!zone) return { ok: false, message: 'has no UTC offset and the chunk has no timeZone' };
  return { ok: true, ms: localToUtc(local, zone) };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const DAY = 24 * HOUR;

/**
 * The instant at which the zone's wall clock shows `local`. Zones change offset at most once in
 * a day, so the offsets a day before and after are the only candidates. Deterministic for the two
 * hard cases: a wall time that occurs twice (autumn) is taken at its first occurrence, and one
 * that does not exist (spring gap) lands as far past the transition as it was meant to be after
 * it (02:30 in a 02:00→03:00 gap becomes 03:30), as luxon and java.time do.
 */
function localToUtc(local: number, zone: TimeZone): number {
  const before = zone.offsetMinutesAt(local - DAY);
  const after = zone.offsetMinutesAt(local + DAY);
  if (before === after) return local - before * 60_000; // no transition near: the usual case
  const fits = (offset: number) => zone.offsetMinutesAt(local - offset * 60_000) === offset;
  const candidates = [before, after].filter(fits).map((o) => local - o * 60_000);
  if (candidates.length > 0) return Math.min(...candidates);
  return local - Math.min(before, after) * 60_000;
}
