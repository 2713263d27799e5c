import { resolveTimeZone } from '../parsing/time-zone';
import { assembleSleepSessions, SleepRow } from './sleep-sessions';

const berlin = resolveTimeZone('Europe/Berlin')!;
const SOURCES = { watch: ['1', 1], phone: ['2', 2], oura: ['3', 3] } as const;
let nextId = 1;
const row = (source: keyof typeof SOURCES, stage: string, from: string, to: string): SleepRow => ({
  id: String(nextId++),
  uuid: `u${nextId}`,
  stage,
  startTime: new Date(from),
  endTime: new Date(to),
  sourceId: SOURCES[source][0],
  sourceName: source,
  precedence: SOURCES[source][1],
});

/** A watch night 22:00–06:00 Berlin (UTC+2): in-bed wrapper and detailed stages. */
const watchNight = [
  row('watch', 'in_bed', '2025-09-09T20:00:00Z', '2025-09-10T04:00:00Z'),
  row('watch', 'asleep', '2025-09-09T20:30:00Z', '2025-09-10T04:00:00Z'),
  row('watch', 'light', '2025-09-09T20:30:00Z', '2025-09-09T23:00:00Z'),
  row('watch', 'deep', '2025-09-09T23:00:00Z', '2025-09-10T01:00:00Z'),
  row('watch', 'awake', '2025-09-10T01:00:00Z', '2025-09-10T01:30:00Z'),
  row('watch', 'rem', '2025-09-10T01:30:00Z', '2025-09-10T04:00:00Z'),
];

describe('assembleSleepSessions', () => {
  it('dates a night by its local wake-up and counts detailed stages, not the wrappers around them', () => {
    const [night] = assembleSleepSessions(watchNight, { zone: berlin });
    expect(night).toMatchObject({
      date: '2025-09-10',
      isNap: false,
      asleepMinutes: 150 + 120 + 150,
      inBedMinutes: 480,
      minutesByStage: { light: 150, deep: 120, awake: 30, rem: 150 },
      sourceName: 'watch',
      skippedSources: 0,
    });
    expect(night.efficiency).toBeCloseTo(420 / 480);
    expect(night.stages.map((s) => s.stage)).toEqual(['light', 'deep', 'awake', 'rem']);
  });

  it('uses a plain asleep interval where a source has no detail', () => {
    const [night] = assembleSleepSessions(
      [
        row('phone', 'in_bed', '2025-09-09T20:00:00Z', '2025-09-10T05:00:00Z'),
        row('phone', 'asleep', '2025-09-09T21:00:00Z', '2025-09-10T04:00:00Z'),
      ],
      { zone: berlin },
    );
    expect(night).toMatchObject({ asleepMinutes: 420, inBedMinutes: 540, minutesByStage: { asleep: 420 } });
  });

  it('keeps the best-ranked source of overlapping nights and counts the others as skipped', () => {
    const phone = [row('phone', 'asleep', '2025-09-09T21:00:00Z', '2025-09-10T04:30:00Z')];
    const oura = [row('oura', 'light', '2025-09-09T20:40:00Z', '2025-09-10T04:10:00Z')];
    const nights = assembleSleepSessions([...oura, ...phone, ...watchNight], { zone: berlin });
    expect(nights).toHaveLength(1);
    expect(nights[0]).toMatchObject({ sourceName: 'watch', skippedSources: 2, asleepMinutes: 420 });
  });

  it('flags the shorter session of a date as a nap and starts a new session after a long gap', () => {
    const nap = [row('watch', 'light', '2025-09-10T12:00:00Z', '2025-09-10T12:40:00Z')];
    const nights = assembleSleepSessions([...watchNight, ...nap], { zone: berlin });
    expect(nights.map((n) => [n.date, n.isNap, n.asleepMinutes])).toEqual([
      ['2025-09-10', false, 420],
      ['2025-09-10', true, 40],
    ]);
    // With a gap allowance longer than the 8 h between them, the nap joins the night.
    expect(assembleSleepSessions([...watchNight, ...nap], { zone: berlin, gapMinutes: 9 * 60 })).toHaveLength(1);
  });

  it('follows a reclassified stage: the same rows with another stage give other totals', () => {
    const reclassified = watchNight.map((r) => (r.stage === 'deep' ? { ...r, stage: 'light' } : r));
    const [night] = assembleSleepSessions(reclassified, { zone: berlin });
    expect(night.minutesByStage).toEqual({ light: 270, awake: 30, rem: 150 });
  });

  it('dates a night in the zone asked for', () => {
    const [utc] = assembleSleepSessions(watchNight, { zone: resolveTimeZone('UTC')! });
    const [tokyo] = assembleSleepSessions(watchNight, { zone: resolveTimeZone('Asia/Tokyo')! });
    expect([utc.date, tokyo.date]).toEqual(['2025-09-10', '2025-09-10']);
    const [la] = assembleSleepSessions(watchNight, { zone: resolveTimeZone('America/Los_Angeles')! });
    expect(la.date).toBe('2025-09-09');
  });
});
