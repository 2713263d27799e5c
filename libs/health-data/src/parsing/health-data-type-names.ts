import { HEALTH_DATA_TYPE_NAMES } from '../catalog/health-data-types';

/** Names earlier package versions sent (still stored by the sync), readable like the current ones. */
export const LEGACY_DATA_TYPE_NAMES: readonly string[] = ['SLEEP_ASLEEP_CORE', 'SLEEP_ASLEEP_DEEP', 'SLEEP_ASLEEP_REM'];

// The package's 111 names come from the one type catalog; reads refuse a `sampleType` outside them
// with BAD_USER_INPUT, so a misspelled name is never answered with an empty list.
const READABLE = new Set<string>([...HEALTH_DATA_TYPE_NAMES, ...LEGACY_DATA_TYPE_NAMES]);

/** A name a read may ask for: one of the package's data types. */
export function isKnownDataType(name: string): boolean {
  return READABLE.has(name);
}
