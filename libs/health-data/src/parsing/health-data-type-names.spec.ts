import { isKnownDataType } from './health-data-type-names';

describe('readable data type names', () => {
  it('knows current and earlier names, and no misspelling', () => {
    for (const name of ['STEPS', 'DIETARY_VITAMIN_B12', 'WORKOUT_ROUTE', 'SLEEP_WRIST_TEMPERATURE', 'SLEEP_ASLEEP_CORE']) {
      expect([name, isKnownDataType(name)]).toEqual([name, true]);
    }
    for (const name of ['STEPZ', 'steps', 'HEART_RATES', 'SLEEP', ''])
      expect([name, isKnownDataType(name)]).toEqual([name, false]);
  });
});
