import { parseChunk } from '../parsing/parse-chunk';
import { resolveTimeZone } from '../parsing/time-zone';

// As HealthDataReader.swift answers for a characteristic: no uuid, the query's window as dates.
const characteristic = (type: string, numericValue: number, dateTo = '2025-09-10T09:00:00.000') => ({
  uuid: '',
  value: { __type: 'NumericHealthValue', numericValue },
  type,
  unit: 'NO_UNIT',
  dateFrom: '2025-09-01T00:00:00.000',
  dateTo,
  sourcePlatform: 'appleHealth',
  sourceDeviceId: '756B1A7A-C972-4BDB-9748-0D4749CF299C',
  sourceId: 'com.apple.Health',
  sourceName: 'Health',
  recordingMethod: 'manual',
});

const berlin = resolveTimeZone('Europe/Berlin');
const tokyo = resolveTimeZone('Asia/Tokyo');

describe('characteristics', () => {
  it('become profile fields, read in the chunk zone, with the moment they were read', () => {
    // 1990-05-17 00:00 in Berlin (CEST) is 1990-05-16T22:00Z: a UTC reading would say the 16th.
    const born = Date.UTC(1990, 4, 16, 22) / 1000;
    const { accepted, profile, rejected } = parseChunk(
      [characteristic('GENDER', 1), characteristic('BIRTH_DATE', born), characteristic('BLOOD_TYPE', 6)],
      berlin,
    );
    expect(rejected).toEqual([]);
    expect(accepted).toEqual([]);
    expect(profile).toEqual([
      { table: 'profile', field: 'gender', value: 'female', recordedAt: '2025-09-10T07:00:00.000Z' },
      { table: 'profile', field: 'birthDate', value: '1990-05-17', recordedAt: '2025-09-10T07:00:00.000Z' },
      { table: 'profile', field: 'bloodType', value: 'AB_NEGATIVE', recordedAt: '2025-09-10T07:00:00.000Z' },
    ]);
    const east = parseChunk([characteristic('BIRTH_DATE', Date.UTC(1990, 4, 16, 15) / 1000)], tokyo);
    expect(east.profile[0].value).toBe('1990-05-17');
  });

  it('reads "not set" (0, the package default) as null', () => {
    const { profile } = parseChunk(
      [characteristic('GENDER', 0), characteristic('BIRTH_DATE', 0), characteristic('BLOOD_TYPE', 0)],
      berlin,
    );
    expect(profile.map((p) => p.value)).toEqual([null, null, null]);
  });

  it('rejects a value HealthKit does not have, by index', () => {
    const { profile, rejected } = parseChunk([characteristic('GENDER', 4), characteristic('BLOOD_TYPE', 1.5)], berlin);
    expect(profile).toEqual([]);
    expect(rejected.map((r) => [r.index, r.field])).toEqual([
      [0, 'value.numericValue'],
      [1, 'value.numericValue'],
    ]);
  });

  it('allows an empty uuid only where the package sends one', () => {
    const bmi = {
      ...characteristic('BODY_MASS_INDEX', 22.5),
      sourcePlatform: 'googleHealthConnect',
      sourceId: '',
      sourceName: '',
    };
    const { accepted, rejected } = parseChunk(
      [bmi, { ...bmi, sourcePlatform: 'appleHealth' }, { ...bmi, type: 'WEIGHT' }],
      berlin,
    );
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ table: 'sample', sampleType: 'BODY_MASS_INDEX', value: 22.5, recordId: null });
    expect(rejected.map((r) => [r.index, r.field])).toEqual([
      [1, 'uuid'],
      [2, 'uuid'],
    ]);
  });
});
