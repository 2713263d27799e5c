/**
 * The rollup's arithmetic: which quarter hours a sample reaches, and spans merged per metric. The
 * statements that recompute those quarters live in the store (libs/store/src/rollup).
 */
/** A span of one metric whose rollup rows must be recomputed; bounds are quarter hours. */
export interface RollupRange {
  sampleType: string;
  from: Date;
  to: Date;
}

export const QUARTER_MS = 15 * 60_000;
/**
 * Samples longer than this are left out of aggregates (they stay in `samples`). Bounding it lets
 * a recomputation find every sample that overlaps a span with one index range on start_time.
 * The `health` package writes minutes-to-hours samples; a day-long total from a third-party app
 * (Health Connect allows them) still fits.
 */
export const MAX_AGGREGATED_SPAN_HOURS = 36;

/** Quarter-hour bounds around a sample; an instant covers its own minute. */
export function quarterSpan(start: Date, end: Date): { from: number; to: number } {
  const last = Math.max(end.getTime(), start.getTime() + 60_000);
  return {
    from: Math.floor(start.getTime() / QUARTER_MS) * QUARTER_MS,
    to: Math.ceil(last / QUARTER_MS) * QUARTER_MS,
  };
}

/** Merges spans per metric into as few as overlap allows, so each quarter is recomputed once. */
export function mergeRanges(ranges: readonly RollupRange[]): RollupRange[] {
  const byType = new Map<string, RollupRange[]>();
  for (const r of ranges) byType.set(r.sampleType, [...(byType.get(r.sampleType) ?? []), r]);
  const merged: RollupRange[] = [];
  for (const [sampleType, list] of [...byType].sort(([a], [b]) => (a < b ? -1 : 1))) {
    list.sort((a, b) => a.from.getTime() - b.from.getTime());
    let cur = { ...list[0], sampleType };
    for (const r of list.slice(1)) {
      if (r.from.getTime() <= cur.to.getTime()) cur.to = new Date(Math.max(cur.to.getTime(), r.to.getTime()));
      else {
        merged.push(cur);
        cur = { ...r, sampleType };
      }
    }
    merged.push(cur);
  }
  return merged;
}
