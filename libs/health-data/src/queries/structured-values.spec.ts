import {
  audiogramOf,
  electrocardiogramOf,
  insulinDeliveryOf,
  menstruationFlowOf,
  routeOf,
  routePoints,
  rowWithInstants,
  valueWithInstants,
} from './structured-values';

describe('structured values with instants', () => {
  // Sent from Berlin in summer (UTC+2): the first location is the point's dateFrom, stored as 07:00Z.
  const start = new Date('2025-09-10T07:00:00Z');
  const route = {
    __type: 'WorkoutRouteHealthValue',
    workoutUuid: 'A',
    locations: [
      { latitude: 1, longitude: 2, timestamp: '2025-09-10T09:00:00.000' },
      { latitude: 1.1, longitude: 2.1, timestamp: '2025-09-10T09:10:00.500000' },
      { latitude: 1.2, longitude: 2.2, timestamp: '2025-09-10T07:20:00Z' },
    ],
  };

  it("shifts route times by the offset of the route's start, and keeps a time that names its zone", () => {
    const converted = valueWithInstants('WORKOUT_ROUTE', route, start) as typeof route;
    expect(converted.locations.map((l) => l.timestamp)).toEqual([
      '2025-09-10T07:00:00.000Z',
      '2025-09-10T07:10:00.500Z',
      '2025-09-10T07:20:00.000Z',
    ]);
    expect(route.locations[0].timestamp).toBe('2025-09-10T09:00:00.000');
    expect(routePoints([converted]).map((p) => [p.time.toISOString(), p.latitude])).toEqual([
      ['2025-09-10T07:00:00.000Z', 1],
      ['2025-09-10T07:10:00.500Z', 1.1],
      ['2025-09-10T07:20:00.000Z', 1.2],
    ]);
  });

  it("answers a menstruation flow's dateTime as the row's start, and leaves other values as sent", () => {
    const flow = { flow: 'light', dateTime: '2025-09-08T10:00:00.000' };
    expect(valueWithInstants('MENSTRUATION_FLOW', flow, new Date('2025-09-08T08:00:00Z'))).toEqual({
      flow: 'light',
      dateTime: '2025-09-08T08:00:00.000Z',
    });
    const ecg = { voltageValues: [{ voltage: 0.1, timeSinceSampleStart: 0.5 }] };
    expect(valueWithInstants('ELECTROCARDIOGRAM', ecg, start)).toBe(ecg);
    const row = { sampleType: 'WEIGHT', startTime: start, valueDetail: null };
    expect(rowWithInstants(row)).toBe(row);
  });

  it('gives typed views of each structured value, and null for a row of another type', () => {
    const flow = valueWithInstants(
      'MENSTRUATION_FLOW',
      { flow: 'heavy', isStartOfCycle: false, dateTime: '2025-09-08T10:00:00.000' },
      start,
    );
    expect(menstruationFlowOf('MENSTRUATION_FLOW', flow)).toEqual({
      flow: 'heavy',
      isStartOfCycle: false,
      wasUserEntered: null,
      dateTime: start,
    });
    expect(insulinDeliveryOf('INSULIN_DELIVERY', { units: 2.5, reason: 'BOLUS' })).toEqual({ units: 2.5, reason: 'BOLUS' });
    expect(
      audiogramOf('AUDIOGRAM', { frequencies: [500, 1000], leftEarSensitivities: [10, 20], rightEarSensitivities: [15, 'x'] }),
    ).toEqual({
      frequencies: [500, 1000],
      leftEarSensitivities: [10, 20],
      rightEarSensitivities: [15],
    });
    const ecg = {
      averageHeartRate: 70,
      samplingFrequency: 512,
      classification: 'SINUS_RHYTHM',
      voltageValues: [
        { voltage: 0.1, timeSinceSampleStart: 0 },
        { voltage: -0.2, timeSinceSampleStart: 0.002 },
      ],
    };
    expect(electrocardiogramOf('ELECTROCARDIOGRAM', ecg)).toEqual({
      averageHeartRate: 70,
      samplingFrequency: 512,
      classification: 'SINUS_RHYTHM',
      voltages: [0.1, -0.2],
      secondsSinceStart: [0, 0.002],
    });
    expect(routeOf('WORKOUT_ROUTE', valueWithInstants('WORKOUT_ROUTE', route, start))?.map((p) => p.time.toISOString())).toEqual([
      '2025-09-10T07:00:00.000Z',
      '2025-09-10T07:10:00.500Z',
      '2025-09-10T07:20:00.000Z',
    ]);
    for (const view of [menstruationFlowOf, insulinDeliveryOf, audiogramOf, electrocardiogramOf, routeOf]) {
      expect(view('WEIGHT', ecg)).toBeNull();
    }
  });
});
