import { HEALTH_DATA_TYPE_NAMES, HEALTH_DATA_TYPES } from '../catalog/health-data-types';
import { CUMULATIVE_TYPES, metricKindOf } from './metric-kinds';

const names = HEALTH_DATA_TYPE_NAMES as readonly string[];

describe('metricKindOf', () => {
  it('sums every dietary amount, water, insulin and the other amounts', () => {
    const dietary = names.filter((n) => n.startsWith('DIETARY_'));
    expect(dietary).toHaveLength(38);
    for (const type of [...dietary, 'WATER', 'INSULIN_DELIVERY', 'STEPS', 'DISTANCE_DELTA', 'TOTAL_CALORIES_BURNED']) {
      expect([type, metricKindOf(type)]).toEqual([type, 'cumulative']);
      expect(CUMULATIVE_TYPES).toContain(type);
    }
  });

  it('averages rates and readings: speeds, temperatures, UV index, body measures', () => {
    const readings = ['WALKING_SPEED', 'SPEED', 'BODY_TEMPERATURE', 'SLEEP_WRIST_TEMPERATURE', 'SKIN_TEMPERATURE'];
    for (const type of [...readings, 'WATER_TEMPERATURE', 'UV_INDEX', 'HEART_RATE', 'WEIGHT', 'BLOOD_GLUCOSE']) {
      expect([type, metricKindOf(type)]).toEqual([type, 'discrete']);
      expect(CUMULATIVE_TYPES).not.toContain(type);
    }
  });

  it('counts category events: headaches, heart-rate events, stand hours', () => {
    const events = ['APPLE_STAND_HOUR', 'HIGH_HEART_RATE_EVENT', 'LOW_HEART_RATE_EVENT', 'IRREGULAR_HEART_RATE_EVENT'];
    for (const type of [...events, ...names.filter((n) => n.startsWith('HEADACHE_'))]) {
      expect([type, metricKindOf(type)]).toEqual([type, 'count']);
      expect(CUMULATIVE_TYPES).not.toContain(type);
    }
  });

  it("averages Android's basal energy (a kcal/day rate) and sums HealthKit's (kcal spent)", () => {
    expect(metricKindOf('BASAL_ENERGY_BURNED', ['googleHealthConnect'])).toBe('discrete');
    expect(metricKindOf('BASAL_ENERGY_BURNED', ['appleHealth'])).toBe('cumulative');
    expect(metricKindOf('BASAL_ENERGY_BURNED', ['appleHealth', 'googleHealthConnect'])).toBe('cumulative');
    expect(metricKindOf('BASAL_ENERGY_BURNED')).toBe('cumulative');
    // Only the types that differ per platform change: Android steps still sum.
    expect(metricKindOf('STEPS', ['googleHealthConnect'])).toBe('cumulative');
  });

  it('treats a name outside the catalog as a reading, except the known extra amounts', () => {
    expect(metricKindOf('SOME_FUTURE_TYPE')).toBe('discrete');
    expect(metricKindOf('SWIMMING_STROKES')).toBe('cumulative');
  });

  it('gives every aggregated catalog type its catalog kind', () => {
    for (const name of names) {
      const kind = HEALTH_DATA_TYPES[name as keyof typeof HEALTH_DATA_TYPES].kind;
      if (kind !== null) expect([name, metricKindOf(name)]).toEqual([name, kind]);
    }
  });
});
