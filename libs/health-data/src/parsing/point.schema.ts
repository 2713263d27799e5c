import { z } from 'zod';
import { DATA_TYPE_PATTERN } from './data-types';
import { ITEM_LIMITS } from './item-limits';

const finite = z.number({ message: 'must be a finite number' }).finite({ message: 'must be a finite number' });
const optionalFinite = finite.nullish();
const jsonObject = z.record(z.string(), z.unknown(), { message: 'must be an object' });

/** The shape `HealthDataPoint.toJson()` produces; unknown keys pass through and are kept. */
export const healthDataPointSchema = z.looseObject({
  uuid: z.string({ message: 'is required' }).min(1, { message: 'must not be empty' }).max(255),
  type: z
    .string({ message: 'is required' })
    .max(ITEM_LIMITS.maxTypeLength, { message: `must be at most ${ITEM_LIMITS.maxTypeLength} characters` })
    .regex(DATA_TYPE_PATTERN, { message: 'must match [A-Z][A-Z0-9_]*' }),
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

/** The same point where the package sends no id (uuid ""): see mayLackId in parse-chunk.ts. */
export const pointWithoutIdSchema = healthDataPointSchema.extend({ uuid: z.string({ message: 'is required' }).max(255) });

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

export type HealthDataPoint = z.infer<typeof healthDataPointSchema>;

const PLATFORMS = new Set(['appleHealth', 'googleHealthConnect']);

/**
 * The usual item, checked by hand: zod took about a quarter of the API's parsing time per item
 * (copying every object it checks), and this runs 200 times per request. True only when
 * healthDataPointSchema accepts the item as it is; every other item, including each one it
 * rejects, still goes through zod, so the rules and the error messages stay zod's. The item itself
 * is then used in place of zod's copy: nothing downstream writes to it.
 */
export function isPlainPoint(item: unknown): item is HealthDataPoint {
  if (!isPlainRecord(item)) return false;
  const p = item as Record<string, unknown>;
  return (
    typeof p.uuid === 'string' &&
    p.uuid.length >= 1 &&
    p.uuid.length <= 255 &&
    typeof p.type === 'string' &&
    p.type.length <= ITEM_LIMITS.maxTypeLength &&
    DATA_TYPE_PATTERN.test(p.type) &&
    isPlainRecord(p.value) &&
    optionalString(p.unit, 64) &&
    typeof p.dateFrom === 'string' &&
    typeof p.dateTo === 'string' &&
    PLATFORMS.has(p.sourcePlatform as string) &&
    optionalString(p.sourceDeviceId, 255) &&
    optionalString(p.sourceId, 512) &&
    optionalString(p.sourceName, 512) &&
    optionalString(p.recordingMethod, 32) &&
    (p.workoutSummary == null || isPlainRecord(p.workoutSummary)) &&
    (p.metadata == null || isPlainRecord(p.metadata)) &&
    optionalString(p.deviceModel, 255)
  );
}

function optionalString(value: unknown, max: number): boolean {
  return value == null || (typeof value === 'string' && value.length <= max);
}

/**
 * A JSON object zod would take and copy unchanged. Narrower than zod's own test on purpose: an own
 * `__proto__` key (zod drops it from its copy) or `constructor` key, or any other prototype, is left
 * to zod.
 */
function isPlainRecord(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype &&
    !Object.hasOwn(value, '__proto__') &&
    !Object.hasOwn(value, 'constructor')
  );
}
