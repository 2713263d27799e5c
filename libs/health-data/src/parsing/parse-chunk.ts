import { z } from 'zod';
import { NUMERIC_TYPES, sleepStageFor, STRUCTURED_NUMBERS, targetTableFor } from './data-types';
import type { NormalizedPoint, PointBase, ProfilePoint, RejectedItem } from './normalized-point';
import { PROFILE_FIELD_OF, profileValue, ProfileValueError } from '../profile/profile-facts';
import {
  clinicalValueSchema,
  healthDataPointSchema,
  pointWithoutIdSchema,
  isPlainPoint,
  KNOWN_POINT_KEYS,
  workoutSummarySchema,
  workoutValueSchema,
} from './point.schema';
import { ITEM_LIMITS, jsonExtent, maxItemCharsFor } from './item-limits';
import { nulPath } from './nul-chars';
import { recordUuid } from './record-uuid';
import { parsePhoneDate, PHONE_DATE_RANGE, TimeZone } from './time-zone';

export interface ParsedChunk {
  accepted: NormalizedPoint[];
  /** Accepted characteristics (GENDER, BIRTH_DATE, BLOOD_TYPE): profile fields, not health rows. */
  profile: ProfilePoint[];
  rejected: RejectedItem[];
}

class ItemError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Validates and routes every item; a bad item is reported by index and never stops the others.
 * `mayHoldNul`: the chunk may hold U+0000 or a lone surrogate somewhere (the API tells from the raw
 * request body), so each item is searched for one; such an item is rejected with `unstorable`, since not
 * even its raw copy can be kept in PostgreSQL.
 */
export function parseChunk(items: readonly unknown[], zone: TimeZone | null, mayHoldNul = true): ParsedChunk {
  const accepted: NormalizedPoint[] = [];
  const profile: ProfilePoint[] = [];
  const rejected: RejectedItem[] = [];
  items.forEach((item, index) => {
    // First, before anything walks the item (nulPath recurses): too big or too deep to keep.
    const oversize = oversizeReason(item);
    if (oversize !== null) {
      rejected.push({ index, field: oversize.field, message: oversize.message, unstorable: true });
      return;
    }
    const nulAt = mayHoldNul ? nulPath(item) : null;
    if (nulAt !== null) {
      // The path holds the item's own keys: clipped, so a long key is not stored twice per item.
      const nul = clipField(nulAt);
      rejected.push({ index, field: nul, message: `${nul} must not contain U+0000 or a lone surrogate`, unstorable: true });
      return;
    }
    try {
      const point = parsePoint(item, zone);
      if (point.table === 'profile') profile.push(point);
      else accepted.push(point);
    } catch (err) {
      if (!(err instanceof ItemError)) throw err;
      rejected.push({ index, field: err.field, message: err.message });
    }
  });
  return { accepted, profile, rejected };
}

const MAX_FIELD_CHARS = 200;

function clipField(path: string): string {
  if (path.length <= MAX_FIELD_CHARS) return path;
  // Never end on the first half of a surrogate pair: a lone surrogate is itself unstorable.
  const end = /[\uD800-\uDBFF]/.test(path[MAX_FIELD_CHARS - 1]) ? MAX_FIELD_CHARS - 1 : MAX_FIELD_CHARS;
  return `${path.slice(0, end)}…`;
}

const MIN_PHONE_MS = Date.UTC(PHONE_DATE_RANGE.minYear, 0, 1);

/** Why an item is over the caps of ITEM_LIMITS (size for its type, metadata size, nesting), or null. */
function oversizeReason(item: unknown): { field: string; message: string } | null {
  if (item === null || typeof item !== 'object') return null;
  const type = (item as { type?: unknown }).type;
  const maxChars = maxItemCharsFor(type);
  const whole = jsonExtent(item, maxChars);
  if (!whole.ok) {
    return whole.reason === 'depth'
      ? { field: 'item', message: `item nests objects and arrays deeper than ${ITEM_LIMITS.maxDepth} levels` }
      : { field: 'item', message: `item is larger than ${maxChars} characters of JSON` };
  }
  const metadata = (item as { metadata?: unknown }).metadata;
  if (whole.chars > ITEM_LIMITS.maxMetadataChars && metadata !== null && typeof metadata === 'object') {
    if (!jsonExtent(metadata, ITEM_LIMITS.maxMetadataChars).ok) {
      return { field: 'metadata', message: `metadata is larger than ${ITEM_LIMITS.maxMetadataChars} characters of JSON` };
    }
  }
  return null;
}

/**
 * One point → one row for its table. Runs 200 times per request on the API's hot path, so each
 * point's row is built in a single object literal, without intermediate copies.
 */
export function parsePoint(item: unknown, zone: TimeZone | null): NormalizedPoint | ProfilePoint {
  const point = isPlainPoint(item) ? item : check(mayLackId(item) ? pointWithoutIdSchema : healthDataPointSchema, item, '');
  const start = parsePhoneDate(point.dateFrom, zone);
  if (!start.ok) throw new ItemError('dateFrom', `dateFrom ${start.message}`);
  const end = parsePhoneDate(point.dateTo, zone);
  if (!end.ok) throw new ItemError('dateTo', `dateTo ${end.message}`);
  if (end.ms < start.ms) throw new ItemError('dateTo', 'dateTo must not be before dateFrom');
  // A local time just after 1900-01-01 may land before it in UTC; the start is what bounds reads and the rollup.
  if (start.ms < MIN_PHONE_MS) throw new ItemError('dateFrom', `dateFrom must not be before ${PHONE_DATE_RANGE.minYear}-01-01`);
  if (end.ms > Date.now() + PHONE_DATE_RANGE.maxAheadMs)
    throw new ItemError('dateTo', 'dateTo must not be more than a day ahead of now');

  const type = point.type;
  const profileField = PROFILE_FIELD_OF[type];
  if (profileField !== undefined) {
    // A characteristic: no row identity (the package sends uuid ""), one value per user.
    const n = numericValue(point.value, true) as number;
    try {
      const value = profileValue(profileField, n, zone);
      return { table: 'profile', field: profileField, value, recordedAt: new Date(end.ms).toISOString() };
    } catch (err) {
      if (err instanceof ProfileValueError) throw new ItemError('value.numericValue', `value.numericValue ${err.message}`);
      throw err;
    }
  }
  const platform = point.sourcePlatform;
  const android = platform === 'googleHealthConnect';
  const startTime = new Date(start.ms).toISOString();
  const metadata = point.metadata ?? null;
  const productType = typeof metadata?.productType === 'string' ? metadata.productType : (point.deviceModel ?? null);
  const common = {
    // Health Connect reuses one record id for every point of a series or session (CONTRACT.md).
    recordKey: android ? recordUuid(`${point.uuid}|${type}|${startTime}`) : recordUuid(point.uuid),
    recordId: android && point.uuid !== '' ? recordUuid(point.uuid) : null,
    sampleType: type,
    unit: point.unit ?? null,
    startTime,
    endTime: end.ms === start.ms ? startTime : new Date(end.ms).toISOString(),
    sourceDeviceId: point.sourceDeviceId ?? null,
    recordingMethod: point.recordingMethod ?? null,
    metadata,
    extra: extraKeys(point),
    source: { platform, bundleId: point.sourceId ?? '', name: point.sourceName ?? '', productType },
  } satisfies PointBase;

  switch (targetTableFor(type)) {
    case 'workout': {
      const value = check(workoutValueSchema, point.value, 'value');
      const summary = point.workoutSummary ? check(workoutSummarySchema, point.workoutSummary, 'workoutSummary') : {};
      return Object.assign(common, {
        table: 'workout' as const,
        activityType: value.workoutActivityType ?? summary.workoutType ?? null,
        durationSeconds: (end.ms - start.ms) / 1000,
        totalEnergyBurned: value.totalEnergyBurned ?? known(summary.totalEnergyBurned),
        totalEnergyBurnedUnit: value.totalEnergyBurnedUnit ?? null,
        totalDistance: value.totalDistance ?? known(summary.totalDistance),
        totalDistanceUnit: value.totalDistanceUnit ?? null,
        totalSteps: value.totalSteps ?? known(summary.totalSteps),
      });
    }
    case 'sleep':
      return Object.assign(common, {
        table: 'sleep' as const,
        stage: sleepStageFor(type),
        value: numericValue(point.value, true),
      });
    case 'clinical': {
      const value = check(clinicalValueSchema, point.value, 'value');
      return Object.assign(common, {
        table: 'clinical' as const,
        resourceType: value.resource.resourceType,
        fhirVersion: value.fhirVersion ?? null,
        fhirResource: value.resource,
      });
    }
    case 'sample': {
      const inner = STRUCTURED_NUMBERS[type];
      if (inner !== undefined) {
        // Insulin units, intensity minutes, a skin-temperature delta: the number aggregates add up, and the whole object.
        const value = numberAt(point.value, inner);
        return Object.assign(common, { table: 'sample' as const, value, valueDetail: point.value });
      }
      const value = numericValue(point.value, NUMERIC_TYPES.has(type));
      // Nutrition, ECG, audiogram…: the whole value object is the data, keep it as JSON.
      return Object.assign(common, { table: 'sample' as const, value, valueDetail: value === null ? point.value : null });
    }
  }
}

/**
 * Points the package sends with uuid "" (health_plugin.dart): HealthKit's characteristics, and the
 * BODY_MASS_INDEX it computes itself on Android from height and weight (no Health Connect record).
 * The latter is identified by its type and start, like any Health Connect point, without a record id.
 */
function mayLackId(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const { type, sourcePlatform } = item as Record<string, unknown>;
  if (typeof type !== 'string') return false;
  return PROFILE_FIELD_OF[type] !== undefined || (type === 'BODY_MASS_INDEX' && sourcePlatform === 'googleHealthConnect');
}

/** `value.numericValue` as a finite number; null when absent and not required. */
function numericValue(value: Record<string, unknown>, required: boolean): number | null {
  const n = value.numericValue;
  if (typeof n === 'number' && Number.isFinite(n)) return n;
  if (n === undefined && !required) return null;
  throw new ItemError('value.numericValue', `value.numericValue ${n === undefined ? 'is required' : 'must be a finite number'}`);
}

/**
 * A workoutSummary total: the package fills a missing one with 0 (WorkoutSummary.fromHealthDataPoint),
 * e.g. totalSteps of every HealthKit workout, so 0 there means unknown, not none.
 */
function known(total: number | null | undefined): number | null {
  return total ? total : null;
}

/** `value[key]` as a finite number: the one number a structured value is aggregated by. */
function numberAt(value: Record<string, unknown>, key: string): number {
  const n = value[key];
  if (typeof n === 'number' && Number.isFinite(n)) return n;
  throw new ItemError(`value.${key}`, `value.${key} ${n === undefined ? 'is required' : 'must be a finite number'}`);
}

/** Keys this server does not map to a column (future package versions add fields): kept, not dropped. */
function extraKeys(point: Record<string, unknown>): Record<string, unknown> | null {
  let extra: Record<string, unknown> | null = null;
  for (const key in point) {
    if (MAPPED_KEYS.has(key)) continue;
    const value = point[key];
    if (value !== undefined && value !== null) (extra ??= {})[key] = value;
  }
  return extra;
}

/** Keys that have columns of their own; workoutSummary and deviceModel are known but kept in `extra`. */
const MAPPED_KEYS = new Set([...KNOWN_POINT_KEYS].filter((k) => k !== 'workoutSummary' && k !== 'deviceModel'));

function check<S extends z.ZodType>(schema: S, input: unknown, prefix: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || prefix || 'item';
  const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  throw new ItemError(field, `${field} ${message}`);
}
