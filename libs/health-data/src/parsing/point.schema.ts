import { z } from 'zod';
import { DATA_TYPE_PATTERN } from './data-types';

const finite = z.number({ message: 'must be a finite number' }).finite({ message: 'must be a finite number' });
const optionalFinite = finite.nullish();
const jsonObject = z.record(z.string(), z.unknown(), { message: 'must be an object' });

/** The shape `HealthDataPoint.toJson()` produces; unknown keys pass through and are kept. */
export const healthDataPointSchema = z.looseObject({
  uuid: z.string({ message: 'is required' }).min(1, { message: 'must not be empty' }).max(255),
  type: z.string({ message: 'is required' }).regex(DATA_TYPE_PATTERN, { message: 'must match [A-Z][A-Z0-9_]*' }),
  value: jsonObject,
  unit: z.string().max(64).nullish(),
  dateFrom: z.string({ message: 'is required' }),
  dateTo: z.string({ message: 'is required' }),
  sourcePlatform: z.enum(['appleHealth', 'googleHealthConnect'], {
    message: 'must be appleHealth or googleHealthConnect',
  }),
  sourceDeviceId: z.string().max(255).nullish(),
  sourceId: z.string().max(512).nullish(),
  sourceName: z.string().max(512).nullish(),
  recordingMethod: z.string().max(32).nullish(),
  workoutSummary: jsonObject.nullish(),
  metadata: jsonObject.nullish(),
  deviceModel: z.string().max(255).nullish(),
});

export const workoutValueSchema = z.looseObject({
  workoutActivityType: z.string().nullish(),
  totalEnergyBurned: optionalFinite,
  totalEnergyBurnedUnit: z.string().nullish(),
  totalDistance: optionalFinite,
  totalDistanceUnit: z.string().nullish(),
  totalSteps: optionalFinite,
  totalStepsUnit: z.string().nullish(),
});

export const workoutSummarySchema = z.looseObject({
  workoutType: z.string().nullish(),
  totalDistance: optionalFinite,
  totalEnergyBurned: optionalFinite,
  totalSteps: optionalFinite,
});

export const clinicalValueSchema = z.looseObject({
  fhirVersion: z.string().nullish(),
  resource: z.looseObject(
    { resourceType: z.string().min(1, { message: 'is required' }) },
    {
      message: 'must be a FHIR resource object',
    },
  ),
});

export const KNOWN_POINT_KEYS = new Set(Object.keys(healthDataPointSchema.shape));
