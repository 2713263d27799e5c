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
    expect(winter.ok && new Date(winter.ms).toISOString()).toBe('2025-01-10T11:00:00.000Z');
    expect(summer.ok && new Date(summer.ms).toISOString()).toBe('2025-07-10T10:00:00.000Z');
    const india = parsePhoneDate('2025-07-10T12:00:00', resolveTimeZone('+05:30'));
    expect(india.ok && new Date(india.ms).toISOString()).toBe('2025-07-10T06:30:00.000Z');
  });

  it('refuses what is not an ISO date-time', () => {
    const zone = resolveTimeZone('UTC');
    expect(parsePhoneDate('2025-13-40T00:00:00', zone).ok).toBe(false);
    expect(parsePhoneDate('10/09/2025', zone).ok).toBe(false);
    expect(parsePhoneDate('', zone).ok).toBe(false);
  });
});

describe('time zones agree with luxon (the tz reference this replaced)', () => {
  // luxon stays a dev dependency just for this cross-check.
  const { DateTime } = require('luxon') as typeof import('luxon');
  const zoneNames = [
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'America/Sao_Paulo',
    'Pacific/Chatham',
    'UTC',
  ];

  it('converts local wall times, including DST gaps and overlaps, exactly as luxon does', () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    let checked = 0;
    for (const name of zoneNames) {
      const zone = resolveTimeZone(name)!;
      // Noon of every day of 2025, and every 5 minutes of the days on which the zone changes offset.
      const instants: number[] = [];
      for (let day = Date.UTC(2025, 0, 1); day < Date.UTC(2026, 0, 1); day += 86_400_000) {
        const changes =
          DateTime.fromMillis(day, { zone: name }).offset !== DateTime.fromMillis(day + 86_399_999, { zone: name }).offset;
        if (!changes) instants.push(day + 12 * 3_600_000);
        else for (let t = day - 3_600_000 * 14; t < day + 86_400_000 + 3_600_000 * 14; t += 5 * 60_000) instants.push(t);
      }
      for (const t of instants) {
        const d = new Date(t);
        const local = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00.000`;
        const ours = parsePhoneDate(local, zone);
        let reference = DateTime.fromISO(local, { zone: name });
        // In an autumn overlap luxon's pick depends on today's offset; the rule here is the first occurrence.
        for (const minutes of [30, 60]) {
          const earlier = reference.minus({ minutes });
          if (earlier.toFormat("yyyy-MM-dd'T'HH:mm") === reference.toFormat("yyyy-MM-dd'T'HH:mm")) reference = earlier;
        }
        const theirs = reference.toJSDate().toISOString();
        if (!ours.ok || new Date(ours.ms).toISOString() !== theirs) {
          throw new Error(`${name} ${local}: ours ${ours.ok ? new Date(ours.ms).toISOString() : ours.message}, luxon ${theirs}`);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5_000);
  });

  it('refuses abbreviations and impossible dates', () => {
    expect(resolveTimeZone('CEST')).toBeNull();
    expect(resolveTimeZone('EST')).toBeNull();
    const zone = resolveTimeZone('UTC');
    expect(parsePhoneDate('2025-02-30T00:00:00', zone).ok).toBe(false);
    expect(parsePhoneDate('2025-01-01T24:00:00', zone).ok).toBe(false);
    expect(parsePhoneDate('2025-02-29T12:00:00', zone).ok).toBe(false);
    expect(parsePhoneDate('2024-02-29T12:00:00', zone).ok).toBe(true);
    expect(parsePhoneDate('2100-02-29T12:00:00', zone).ok).toBe(false);
    expect(parsePhoneDate('2025-04-31T12:00:00', zone).ok).toBe(false);
  });

  it('reads Z and ±HH:MM / ±HHMM offsets without a zone', () => {
    const a = parsePhoneDate('2025-09-10T02:28:55.123Z', null);
    const b = parsePhoneDate('2025-09-10T02:28:55-0330', null);
    const berlin = resolveTimeZone('Europe/Berlin');
    // Autumn: 02:30 happens twice in Berlin; the first one (still CEST) is taken.
    const overlap = parsePhoneDate('2025-10-26T02:30:00', berlin);
    expect(overlap.ok && new Date(overlap.ms).toISOString()).toBe('2025-10-26T00:30:00.000Z');
    // Spring: 02:30 does not exist; it is read as 03:30 CEST.
    const gap = parsePhoneDate('2025-03-30T02:30:00', berlin);
    expect(gap.ok && new Date(gap.ms).toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(a.ok && new Date(a.ms).toISOString()).toBe('2025-09-10T02:28:55.123Z');
    expect(b.ok && new Date(b.ms).toISOString()).toBe('2025-09-10T05:58:55.000Z');
  });
});
