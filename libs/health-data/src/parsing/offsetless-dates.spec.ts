import { hasOffsetlessDates } from './offsetless-dates';
import { parsePhoneDate } from './time-zone';

const point = (dateFrom: unknown, dateTo: unknown = dateFrom) => ({ uuid: 'a', type: 'STEPS', dateFrom, dateTo });

describe('hasOffsetlessDates', () => {
  it('finds a local time without offset in dateFrom or dateTo', () => {
    expect(hasOffsetlessDates([point('2025-09-10T02:28:55.000')])).toBe(true);
    expect(hasOffsetlessDates([point('2025-09-10T02:28:55.000Z', '2025-09-10T02:29:55.000')])).toBe(true);
    expect(hasOffsetlessDates([point('2025-09-10T02:28:55.000Z'), point('2025-09-10T02:28')])).toBe(true);
  });

  it('accepts dates that carry Z or an offset in any form parsePhoneDate reads', () => {
    const dates = [
      '2025-09-10T02:28:55.000Z',
      '2025-09-10T02:28:55+02:00',
      '2025-09-10T02:28:55.123456-0530',
      '2025-09-10T02:28:55+02',
    ];
    for (const d of dates) expect(parsePhoneDate(d, null).ok).toBe(true);
    expect(hasOffsetlessDates(dates.map((d) => point(d)))).toBe(false);
  });

  it('agrees with parsePhoneDate: what it flags is exactly what fails for want of a zone', () => {
    const dates = ['2025-09-10T02:28:55.000', '2025-09-10T02:28', '2025-09-10T02:28:55Z', '2025-01-01T00:00:00.000+01:00'];
    for (const d of dates) {
      const res = parsePhoneDate(d, null);
      const missingZone = !res.ok && res.message.includes('timeZone');
      expect(hasOffsetlessDates([point(d)])).toBe(missingZone);
    }
  });

  it('leaves malformed items to per-item rejection', () => {
    expect(hasOffsetlessDates([null, 'x', 42, point(undefined), point('yesterday'), point(20250910)])).toBe(false);
    expect(hasOffsetlessDates([])).toBe(false);
  });
});
