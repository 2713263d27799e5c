/** A date-time string that ends in Z or ±HH[:MM]: it names its instant by itself. */
const HAS_OFFSET = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
/** What parsePhoneDate reads as a date-time: anything else is the item's own error, rejected by index. */
const LOOKS_LIKE_DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;

function lacksOffset(value: unknown): boolean {
  return typeof value === 'string' && LOOKS_LIKE_DATE_TIME.test(value) && !HAS_OFFSET.test(value);
}

/**
 * Whether some item's dateFrom or dateTo is a local time without offset (what Dart's
 * toIso8601String() writes for a local DateTime). Without the chunk's timeZone such a chunk would
 * have every item rejected while its sync still completes: silent loss, so the API refuses the
 * chunk whole instead. Stops at the first one; a chunk of toUtc() dates is read to the end once.
 */
export function hasOffsetlessDates(items: readonly unknown[]): boolean {
  for (const item of items) {
    if (typeof item !== 'object' || item === null) continue;
    const { dateFrom, dateTo } = item as { dateFrom?: unknown; dateTo?: unknown };
    if (lacksOffset(dateFrom) || lacksOffset(dateTo)) return true;
  }
  return false;
}
