import { resolveTimeZone, TimeZone } from '../parsing/time-zone';

/** The zone a read is cut in: for JavaScript (local dates) and for PostgreSQL (AT TIME ZONE). */
export interface ReadZone {
  zone: TimeZone;
  /** An IANA name, or for a fixed offset a POSIX zone ("<+0530>-05:30": POSIX counts west as positive). */
  sql: string;
}

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

export function readZoneOf(timeZone: string): ReadZone | null {
  const zone = resolveTimeZone(timeZone);
  if (!zone) return null;
  const offset = OFFSET.exec(timeZone);
  if (!offset) return { zone, sql: timeZone };
  const [, sign, hh, mm] = offset;
  return { zone, sql: `<${sign}${hh}${mm}>${sign === '+' ? '-' : '+'}${hh}:${mm}` };
}

/** YYYY-MM-DD of an instant as seen in a zone. */
export function localDateOf(instant: Date, zone: TimeZone): string {
  const local = new Date(instant.getTime() + zone.offsetMinutesAt(instant.getTime()) * 60_000);
  return local.toISOString().slice(0, 10);
}

/** The instant a local wall time (as UTC fields of `wall`) happens in a zone; DST gaps resolve forward. */
export function instantOfLocal(wall: Date, zone: TimeZone): Date {
  let guess = wall.getTime() - zone.offsetMinutesAt(wall.getTime()) * 60_000;
  guess = wall.getTime() - zone.offsetMinutesAt(guess) * 60_000;
  return new Date(guess);
}
