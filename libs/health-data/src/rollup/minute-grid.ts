/**
 * The rollup's minute-grid precedence, computed in the worker from the ranked samples of one span:
 * the same rule, and the same arithmetic, as the SQL reference `minuteSharesCtes` in
 * libs/store/src/rollup/sample-rollup.ts (which reads and the rebuild still run). Moving it here
 * takes the recompute's per-minute work and its planning (0.8–3.3 ms a span) out of PostgreSQL.
 *
 * Times are epoch microseconds (PostgreSQL's resolution), so every overlap is an exact integer.
 */

/** A sample overlapping the span, with its source's rank for the span's metric (lower wins). */
export interface RankedSample {
  /** record_key (a uuid in PostgreSQL's lower-case text form): the last tie-break. */
  id: string;
  sourceId: number;
  rank: number;
  value: number;
  startUs: number;
  endUs: number;
  /** updated_at: within a source, the most recently synced sample fills a minute first. */
  updatedUs: number;
}

/** One sample_rollup row: what a source contributed to a quarter hour after precedence. */
export interface RollupBucket {
  bucketStartMs: number;
  sourceId: number;
  sum: number;
  valueSum: number;
  count: number;
  min: number;
  max: number;
}

const MINUTE_US = 60_000_000;
const QUARTER_US = 15 * MINUTE_US;

/** Order of a minute's cells: rank, source, most recently synced first, then id descending. */
function precedenceOrder(a: RankedSample, b: RankedSample): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.sourceId !== b.sourceId) return a.sourceId - b.sourceId;
  if (a.updatedUs !== b.updatedUs) return b.updatedUs - a.updatedUs;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

interface Cell {
  sample: RankedSample;
  overlapUs: number;
  firstMinute: boolean;
}

interface Acc extends RollupBucket {
  rawSum: number;
}

/**
 * The rollup rows of span [loMs, hiMs) (quarter-hour bounds) from every sample overlapping it:
 * 1. a sample is cut into the minutes it covers in the span (an instant: its own minute);
 * 2. a minute's winner is its best-ranked source (then the lower source id);
 * 3. cumulative samples fill the minute's 60 seconds in that order, the most recently synced first
 *    within a source, each counting the still-free seconds it covers in proportion to its length;
 * 4. discrete readings (and instant cumulative samples) count whole when their source wins the
 *    minute, an exact repeat (same source, start and end) once;
 * a bucket's sum is rounded to 9 decimals as the SQL does (`round(sum::numeric, 9)`).
 */
export function minuteGridBuckets(
  loMs: number,
  hiMs: number,
  cumulative: boolean,
  samples: readonly RankedSample[],
): RollupBucket[] {
  const lo = loMs * 1000;
  const hi = hiMs * 1000;
  // Cells are appended in precedence order, so each minute's list is already ordered.
  const ordered = [...samples].sort(precedenceOrder);
  const minutes = new Map<number, Cell[]>();
  for (const sample of ordered) {
    const { startUs, endUs } = sample;
    const durUs = endUs - startUs;
    const startMinute = Math.floor(startUs / MINUTE_US) * MINUTE_US;
    const last = durUs > 0 ? Math.min(endUs, hi) - 1 : startUs;
    for (let m = Math.max(startMinute, lo); m <= last; m += MINUTE_US) {
      const overlapUs = durUs > 0 ? Math.min(endUs, m + MINUTE_US) - Math.max(startUs, m) : 0;
      const cell = { sample, overlapUs, firstMinute: m === startMinute };
      const list = minutes.get(m);
      if (list) list.push(cell);
      else minutes.set(m, [cell]);
    }
  }
  const buckets = new Map<string, Acc>();
  for (const [minute, cells] of minutes) {
    const winner = cells[0].sample.sourceId;
    const bucketStartMs = Math.floor(minute / QUARTER_US) * (QUARTER_US / 1000);
    const seenIntervals = new Set<string>();
    let filledUs = 0;
    for (const { sample, overlapUs, firstMinute } of cells) {
      const filledBeforeUs = filledUs;
      filledUs += overlapUs;
      let once = false;
      if (sample.sourceId === winner) {
        const key = `${sample.startUs}/${sample.endUs}`;
        once = !seenIntervals.has(key);
        seenIntervals.add(key);
      }
      let share: number;
      let contributes: boolean;
      const durUs = sample.endUs - sample.startUs;
      if (cumulative && durUs > 0) {
        const freeUs = Math.min(overlapUs, MINUTE_US - filledBeforeUs);
        contributes = freeUs > 0;
        // As PostgreSQL computes it: float8 value × seconds (the exact decimal, rounded once) ÷ seconds.
        share = (sample.value * (Math.max(0, freeUs) / 1e6)) / (durUs / 1e6);
      } else {
        contributes = once;
        share = once ? sample.value : 0;
      }
      if (!contributes) continue;
      const counts = once && firstMinute;
      const key = `${bucketStartMs}/${sample.sourceId}`;
      const acc = buckets.get(key);
      if (acc) {
        acc.rawSum += share;
        if (counts) {
          acc.valueSum += sample.value;
          acc.count += 1;
        }
        if (sample.value < acc.min) acc.min = sample.value;
        if (sample.value > acc.max) acc.max = sample.value;
      } else {
        buckets.set(key, {
          bucketStartMs,
          sourceId: sample.sourceId,
          rawSum: share,
          sum: 0,
          valueSum: counts ? sample.value : 0,
          count: counts ? 1 : 0,
          min: sample.value,
          max: sample.value,
        });
      }
    }
  }
  return [...buckets.values()].map(({ rawSum, ...b }) => ({ ...b, sum: roundLikeNumeric9(rawSum) }));
}

/**
 * `round(x::numeric, 9)::float8` as PostgreSQL computes it: float8 → numeric keeps 15 significant
 * digits (`%.15g`), numeric rounding is half away from zero, and the decimal is read back exactly.
 * (`%.15g` breaks an exact tie to even, toExponential away from zero: they can differ only for a
 * double whose exact decimal has 16 significant digits ending in 5, i.e. sums of 10^12 and more.)
 */
export function roundLikeNumeric9(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x === 0 ? 0 : x;
  const [mantissa, exponent] = x.toExponential(14).split('e');
  const negative = mantissa.startsWith('-');
  const digits = BigInt(mantissa.replace('-', '').replace('.', '')); // 15 digits: x = digits × 10^(e−14)
  const shift = Number(exponent) - 14 + 9;
  let nanos: bigint;
  if (shift >= 0) nanos = digits * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    nanos = digits / divisor;
    if ((digits % divisor) * 2n >= divisor) nanos += 1n;
  }
  if (nanos === 0n) return 0; // numeric has no negative zero
  const text = nanos.toString().padStart(10, '0');
  return Number(`${negative ? '-' : ''}${text.slice(0, -9)}.${text.slice(-9)}`);
}
