import { isQuarterBoundary, liesBefore, retentionCutoff, straddlerSpan } from './retention-cutoff';

const at = (iso: string) => new Date(iso);

describe('retention cutoff', () => {
  it('is 00:00 UTC of the day maxAgeDays before today, whatever the time of day', () => {
    expect(retentionCutoff(at('2026-03-10T00:00:00Z'), 30)).toEqual(at('2026-02-08T00:00:00Z'));
    expect(retentionCutoff(at('2026-03-10T23:59:59.999Z'), 30)).toEqual(at('2026-02-08T00:00:00Z'));
    expect(retentionCutoff(at('2026-03-11T00:00:00Z'), 30)).toEqual(at('2026-02-09T00:00:00Z'));
    expect(retentionCutoff(at('2026-03-01T12:00:00Z'), 365)).toEqual(at('2025-03-01T00:00:00Z'));
  });

  it('refuses an age that is not a whole number of days', () => {
    expect(() => retentionCutoff(new Date(), 0)).toThrow(/at least 1/);
    expect(() => retentionCutoff(new Date(), 1.5)).toThrow(/whole number/);
  });

  it('is always a quarter-hour boundary; other instants are not', () => {
    expect(isQuarterBoundary(retentionCutoff(at('2026-07-04T17:23:11.5Z'), 400))).toBe(true);
    expect(isQuarterBoundary(at('2026-01-01T00:45:00Z'))).toBe(true);
    expect(isQuarterBoundary(at('2026-01-01T00:44:00Z'))).toBe(false);
  });
});

describe('which rows lie before the cutoff', () => {
  const cutoff = at('2026-01-01T00:00:00Z');
  it.each([
    ['ends before', '2025-12-31T23:00:00Z', '2025-12-31T23:10:00Z', true],
    ['ends exactly at the cutoff (its last minute is before it)', '2025-12-31T23:50:00Z', '2026-01-01T00:00:00Z', true],
    ['an instant just before', '2025-12-31T23:59:59Z', '2025-12-31T23:59:59Z', true],
    ['an instant at the cutoff (covers the minute after it)', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', false],
    ['straddles (kept until all of it is old)', '2025-12-31T23:55:00Z', '2026-01-01T00:05:00Z', false],
    ['starts after', '2026-01-01T00:01:00Z', '2026-01-01T00:02:00Z', false],
  ])('%s', (_, start, end, deleted) => {
    expect(liesBefore(at(start), at(end), cutoff)).toBe(deleted);
  });
});

describe('straddler span', () => {
  const cutoff = at('2026-01-01T00:00:00Z');
  it('runs from the quarter of the earliest straddling start to the cutoff', () => {
    expect(straddlerSpan(at('2025-12-31T23:52:10Z'), cutoff)).toEqual({ from: at('2025-12-31T23:45:00Z'), to: cutoff });
    expect(straddlerSpan(at('2025-12-30T14:00:00Z'), cutoff)).toEqual({ from: at('2025-12-30T14:00:00Z'), to: cutoff });
  });
  it('is null when nothing straddles', () => {
    expect(straddlerSpan(null, cutoff)).toBeNull();
    expect(straddlerSpan(cutoff, cutoff)).toBeNull();
  });
});
