import { DateTime, FixedOffsetZone, IANAZone, Zone } from 'luxon';

const OFFSET_PATTERN = /^([+-])(\d{2}):(\d{2})$/;
// Dart's toIso8601String(): local time without offset, or with Z / ±HH:MM(:SS) when it has one.
const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;
const HAS_OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/;

/** `Europe/Berlin` or `+02:00` → a zone; anything else → null. */
export function resolveTimeZone(name: string): Zone | null {
  const offset = OFFSET_PATTERN.exec(name);
  if (offset) {
    const minutes = Number(offset[2]) * 60 + Number(offset[3]);
    if (Number(offset[2]) > 18 || Number(offset[3]) > 59) return null;
    return FixedOffsetZone.instance(offset[1] === '-' ? -minutes : minutes);
  }
  return IANAZone.isValidZone(name) ? IANAZone.create(name) : null;
}

export type DateParseResult = { ok: true; date: Date } | { ok: false; message: string };

/** An explicit offset in the string wins; otherwise the chunk's zone says what local time it was. */
export function parsePhoneDate(value: string, zone: Zone | null): DateParseResult {
  if (!ISO_PATTERN.test(value)) return { ok: false, message: 'must be an ISO-8601 date-time' };
  const hasOffset = HAS_OFFSET.test(value.slice(10));
  if (!hasOffset && !zone) {
    return { ok: false, message: 'has no UTC offset and the chunk has no timeZone' };
  }
  const parsed = hasOffset
    ? DateTime.fromISO(value, { setZone: true })
    : DateTime.fromISO(value, { zone: zone as Zone });
  if (!parsed.isValid) return { ok: false, message: `is not a valid date (${parsed.invalidExplanation ?? 'invalid'})` };
  return { ok: true, date: parsed.toJSDate() };
}
