import type { TimeZone } from '../parsing/time-zone';

/** A profile field as the API's `profile` query names it. */
export type ProfileField = 'gender' | 'birthDate' | 'bloodType';

/** One characteristic read by the phone: its value now (null: "not set") and when it was read. */
export interface ProfileFact {
  field: ProfileField;
  value: string | null;
  /** The instant the phone read it (the point's dateTo, the end of the app's query): the latest wins. */
  recordedAt: string;
}

/** The point type of each field. */
export const PROFILE_FIELD_OF: Readonly<Record<string, ProfileField>> = {
  GENDER: 'gender',
  BIRTH_DATE: 'birthDate',
  BLOOD_TYPE: 'bloodType',
};

/** HKBiologicalSex raw values (0 is notSet). */
const GENDERS = [null, 'female', 'male', 'other'] as const;
/** HKBloodType raw values (0 is notSet). */
const BLOOD_TYPES = [
  null,
  'A_POSITIVE',
  'A_NEGATIVE',
  'B_POSITIVE',
  'B_NEGATIVE',
  'AB_POSITIVE',
  'AB_NEGATIVE',
  'O_POSITIVE',
  'O_NEGATIVE',
] as const;

export class ProfileValueError extends Error {}

/**
 * The value HealthKit gave, as the package sends it in `numericValue` (HealthDataReader.swift):
 * the raw value of HKBiologicalSex / HKBloodType, and for the birth date the seconds since 1970 of
 * its midnight in the phone's calendar and zone. Nothing set arrives as 0 (the package's default).
 */
export function profileValue(field: ProfileField, n: number, zone: TimeZone | null): string | null {
  if (field === 'birthDate') return n === 0 ? null : localDate(n * 1000, zone);
  const table: readonly (string | null)[] = field === 'gender' ? GENDERS : BLOOD_TYPES;
  if (!Number.isInteger(n) || n < 0 || n >= table.length) {
    throw new ProfileValueError(`must be an integer 0..${table.length - 1} (HealthKit's raw value)`);
  }
  return table[n];
}

/**
 * YYYY-MM-DD of an instant in the chunk's zone: the birth date is midnight in the phone's zone, so
 * a UTC reading would give the day before east of Greenwich. Without a zone (the chunk's dates carry
 * offsets) the nearest UTC midnight: exact for any zone from UTC−11 to UTC+12.
 */
function localDate(ms: number, zone: TimeZone | null): string {
  const local = zone ? ms + zone.offsetMinutesAt(ms) * 60_000 : Math.round(ms / 86_400_000) * 86_400_000;
  return new Date(local).toISOString().slice(0, 10);
}
