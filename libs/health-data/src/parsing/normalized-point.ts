import type { ProfileFact } from '../profile/profile-facts';
import type { SourceIdentity } from '../sources/source-classifier';

/** Columns every health table shares, ready to write (dates as UTC ISO strings). */
export interface PointBase {
  /** The row identity within the user, a uuid (see recordUuid). */
  recordKey: string;
  /** Android: the Health Connect record id as a uuid, shared by the points of one record; iOS: null. */
  recordId: string | null;
  sampleType: string;
  unit: string | null;
  startTime: string;
  endTime: string;
  sourceDeviceId: string | null;
  recordingMethod: string | null;
  metadata: Record<string, unknown> | null;
  extra: Record<string, unknown> | null;
  source: SourceIdentity;
}

export interface SamplePoint extends PointBase {
  table: 'sample';
  value: number | null;
  valueDetail: Record<string, unknown> | null;
}

export interface SleepPoint extends PointBase {
  table: 'sleep';
  stage: string;
  value: number | null;
}

export interface WorkoutPoint extends PointBase {
  table: 'workout';
  activityType: string | null;
  durationSeconds: number;
  totalEnergyBurned: number | null;
  totalEnergyBurnedUnit: string | null;
  totalDistance: number | null;
  totalDistanceUnit: string | null;
  totalSteps: number | null;
}

export interface ClinicalPoint extends PointBase {
  table: 'clinical';
  resourceType: string;
  fhirVersion: string | null;
  fhirResource: Record<string, unknown>;
}

/** A characteristic (GENDER, BIRTH_DATE, BLOOD_TYPE): a field of the user's profile, not a health row. */
export interface ProfilePoint extends ProfileFact {
  table: 'profile';
}

/** A validated data point, routed to its table. This is what travels in a job. */
export type NormalizedPoint = SamplePoint | SleepPoint | WorkoutPoint | ClinicalPoint;

export interface RejectedItem {
  index: number;
  field: string;
  message: string;
  /** The item cannot be kept even raw (it holds U+0000): stored without its raw copy. */
  unstorable?: boolean;
}
