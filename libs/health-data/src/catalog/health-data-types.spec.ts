import { HEALTH_DATA_TYPE_NAMES, HEALTH_DATA_TYPES, healthDataTypeInfo, PROFILE_TYPES } from './health-data-types';

describe('HEALTH_DATA_TYPES', () => {
  it('lists the 111 types of the health package, 101 on iOS and 38 on Android', () => {
    expect(HEALTH_DATA_TYPE_NAMES).toHaveLength(111);
    const on = (p: string) =>
      HEALTH_DATA_TYPE_NAMES.filter((n) => (HEALTH_DATA_TYPES[n].platforms as readonly string[]).includes(p));
    expect(on('ios')).toHaveLength(101);
    expect(on('android')).toHaveLength(38);
  });

  it('routes the characteristics to the profile and SLEEP_WRIST_TEMPERATURE to the samples', () => {
    expect(PROFILE_TYPES).toEqual(['GENDER', 'BIRTH_DATE', 'BLOOD_TYPE']);
    expect(HEALTH_DATA_TYPES.SLEEP_WRIST_TEMPERATURE.table).toBe('sample');
    const sleep = HEALTH_DATA_TYPE_NAMES.filter((n) => HEALTH_DATA_TYPES[n].table === 'sleep');
    expect(sleep).toHaveLength(10);
    expect(sleep.every((n) => n.startsWith('SLEEP_'))).toBe(true);
  });

  it('answers only for its own names', () => {
    expect(healthDataTypeInfo('HEART_RATE')?.unit).toBe('BEATS_PER_MINUTE');
    expect(healthDataTypeInfo('toString')).toBeUndefined();
    expect(healthDataTypeInfo('CLINICAL_LAB_RESULT')).toBeUndefined();
  });
});
