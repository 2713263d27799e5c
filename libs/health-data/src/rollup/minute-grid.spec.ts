import { minuteGridBuckets, RankedSample, roundLikeNumeric9 } from './minute-grid';

const T0 = Date.UTC(2025, 8, 10, 8); // a quarter hour
const S = 1_000_000; // µs
let n = 0;
const sample = (sourceId: number, rank: number, startS: number, endS: number, value: number, updatedS = 0): RankedSample => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  sourceId,
  rank,
  value,
  startUs: T0 * 1000 + startS * S,
  endUs: T0 * 1000 + endS * S,
  updatedUs: T0 * 1000 + updatedS * S,
});

describe('minute grid', () => {
  it('lets a Watch sample covering 43 s of a minute leave 17 s to the iPhone', () => {
    const buckets = minuteGridBuckets(T0, T0 + 15 * 60_000, true, [
      sample(1, 1, 0, 43, 43), // Watch: 1 step a second
      sample(2, 2, 0, 60, 60), // iPhone: 1 step a second over the whole minute
    ]);
    expect(buckets.map((b) => [b.sourceId, b.sum, b.count])).toEqual([
      [1, 43, 1],
      [2, 17, 0], // the iPhone does not win the minute: its share counts, the sample not
    ]);
  });

  it('counts an exact repeat of a source once, the most recently synced first', () => {
    const buckets = minuteGridBuckets(T0, T0 + 15 * 60_000, false, [
      sample(1, 1, 10, 10, 70, 1),
      sample(1, 1, 10, 10, 80, 2),
      sample(2, 2, 20, 20, 90), // a worse source in a minute the Watch wins: not counted
    ]);
    expect(buckets).toEqual([{ bucketStartMs: T0, sourceId: 1, sum: 80, valueSum: 80, count: 1, min: 80, max: 80 }]);
  });

  it('cuts a sample at the span and splits it over quarter hours in proportion', () => {
    const buckets = minuteGridBuckets(T0, T0 + 30 * 60_000, true, [sample(3, 3, -15 * 60, 30 * 60, 450)]);
    expect(buckets.map((b) => [new Date(b.bucketStartMs).toISOString().slice(11, 16), b.sum, b.count])).toEqual([
      ['08:00', 150, 0], // it starts before the span: counted in the span that holds its start
      ['08:15', 150, 0],
    ]);
  });

  it('rounds as PostgreSQL rounds float8 → numeric(15 digits) → 9 decimals', () => {
    expect(roundLikeNumeric9(0.1 + 0.2)).toBe(0.3);
    expect(roundLikeNumeric9(0.0000024)).toBe(0.0000024);
    expect(roundLikeNumeric9(2.5e-10)).toBe(0); // 0.00000000025 → 0.000000000 (half rounds up only at 5e-10)
    expect(roundLikeNumeric9(5e-10)).toBe(1e-9);
    expect(roundLikeNumeric9(-5e-10)).toBe(-1e-9); // half away from zero
    expect(roundLikeNumeric9(-1e-12)).toBe(0);
    expect(roundLikeNumeric9(123456.12345678901)).toBe(123456.123456789);
    expect(roundLikeNumeric9(1e20)).toBe(1e20);
  });
});
