import { groupSleepSessions, SleepRow } from './sleep-sessions';

const row = (stage: string, from: string, to: string, source: 'watch' | 'phone' | 'oura'): SleepRow => ({
  uuid: `${source}-${stage}-${from}`,
  stage,
  startTime: new Date(from),
  endTime: new Date(to),
  sourceId: source,
  sourceName: source,
  precedence: { watch: 1, phone: 2, oura: 3 }[source],
});

describe('groupSleepSessions', () => {
  const night1 = [
    row('in_bed', '2025-09-10T22:00:00Z', '2025-09-11T06:00:00Z', 'watch'),
    row('light', '2025-09-10T22:10:00Z', '2025-09-11T00:10:00Z', 'watch'),
    row('deep', '2025-09-11T00:10:00Z', '2025-09-11T01:40:00Z', 'watch'),
    row('awake', '2025-09-11T01:40:00Z', '2025-09-11T01:50:00Z', 'watch'),
    row('rem', '2025-09-11T01:50:00Z', '2025-09-11T02:50:00Z', 'watch'),
    // The ring saw the same night: left out, not added.
    row('deep', '2025-09-10T23:00:00Z', '2025-09-11T03:00:00Z', 'oura'),
  ];
  const night2 = [
    row('asleep', '2025-09-11T23:00:00Z', '2025-09-12T05:00:00Z', 'phone'),
    row('light', '2025-09-11T23:30:00Z', '2025-09-12T04:00:00Z', 'oura'),
  ];

  it('splits nights on gaps and tells each from its best-ranked source', () => {
    const sessions = groupSleepSessions([...night2, ...night1]);
    expect(sessions).toHaveLength(2);
    expect(sessions[0]).toMatchObject({
      sourceId: 'watch',
      startTime: new Date('2025-09-10T22:00:00Z'),
      endTime: new Date('2025-09-11T06:00:00Z'),
      minutesByStage: { light: 120, deep: 90, awake: 10, rem: 60 },
      asleepMinutes: 270,
      skippedSources: 1,
    });
    expect(sessions[0].stages.map((s) => s.stage)).toEqual(['light', 'deep', 'awake', 'rem']);
    expect(sessions[1]).toMatchObject({ sourceId: 'phone', asleepMinutes: 360, skippedSources: 1 });
  });

  it('returns nothing for no rows', () => {
    expect(groupSleepSessions([])).toEqual([]);
  });
});
