import { parsePhoneDate, resolveTimeZone } from './time-zone';

describe('time zones', () => {
  it('accepts IANA names and ±HH:MM offsets, nothing else', () => {
    expect(resolveTimeZone('Europe/Berlin')).not.toBeNull();
    expect(resolveTimeZone('+05:30')).not.toBeNull();
    expect(resolveTimeZone('-03:00')).not.toBeNull();
    expect(resolveTimeZone('Mars/Olympus')).toBeNull();
    expect(resolveTimeZone('+5')).toBeNull();
    expect(resolveTimeZone('+25:00')).toBeNull();
  });

  it('applies the zone to local times, with daylight saving', () => {
    const berlin = resolveTimeZone('Europe/Berlin');
    const winter = parsePhoneDate('2025-01-10T12:00:00.000', berlin);
    const summer = parsePhoneDate('2025-07-10T12:00:00.000', berlin);
    expect(winter.ok && winter.date.toISOString()).toBe('2025-01-10T11:00:00.000Z');
    expect(summer.ok && summer.date.toISOString()).toBe('2025-07-10T10:00:00.000Z');
    const india = parsePhoneDate('2025-07-10T12:00:00', resolveTimeZone('+05:30'));
    expect(india.ok && india.date.toISOString()).toBe('2025-07-10T06:30:00.000Z');
  });

  it('refuses what is not an ISO date-time', () => {
    const zone = resolveTimeZone('UTC');
    expect(parsePhoneDate('2025-13-40T00:00:00', zone).ok).toBe(false);
    expect(parsePhoneDate('10/09/2025', zone).ok).toBe(false);
    expect(parsePhoneDate('', zone).ok).toBe(false);
  });
});
