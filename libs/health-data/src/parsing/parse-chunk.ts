import { z } from 'zod';
import { NUMERIC_TYPES, sleepStageFor, targetTableFor } from './data-types';
import type { NormalizedPoint, PointBase, RejectedItem } from './normalized-point';
import {
  clinicalValueSchema,
  HealthDataPointJson,
  healthDataPointSchema,
  KNOWN_POINT_KEYS,
  numericValueSchema,
  optionalNumericValueSchema,
  workoutSummarySchema,
  workoutValueSchema,
} from './point.schema';
import { parsePhoneDate, TimeZone } from './time-zone';

export interface ParsedChunk {
  accepted: NormalizedPoint[];
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

/** Validates and routes every item; a bad item is reported by index and never stops the others. */
export function parseChunk(items: readonly unknown[], zone: TimeZone | null): ParsedChunk {
  const accepted: NormalizedPoint[] = [];
  const rejected: RejectedItem[] = [];
  items.forEach((item, index) => {
    try {
      accepted.push(parsePoint(item, zone));
    } catch (err) {
      if (!(err instanceof ItemError)) throw err;
      rejected.push({ index, field: err.field, message: err.message });
    }
  });
  return { accepted, rejected };
}

export function parsePoint(item: unknown, zone: TimeZone | null): NormalizedPoint {
  const point = check(healthDataPointSchema, item, '');
  const start = parsePhoneDate(point.dateFrom, zone);
  if (!start.ok) throw new ItemError('dateFrom', `dateFrom ${start.message}`);
  const end = parsePhoneDate(point.dateTo, zone);
  if (!end.ok) throw new ItemError('dateTo', `dateTo ${end.message}`);
  if (end.date.getTime() < start.date.getTime()) {
    throw new ItemError('dateTo', 'dateTo must not be before dateFrom');
  }
  const base = toBase(point, start.date, end.date);
  const table = targetTableFor(point.type);
  switch (table) {
    case 'workout': {
      const value = check(workoutValueSchema, point.value, 'value');
      const summary = point.workoutSummary ? check(workoutSummarySchema, point.workoutSummary, 'workoutSummary') : {};
      return {
        ...base,
        table,
        activityType: value.workoutActivityType ?? summary.workoutType ?? null,
        durationSeconds: (end.date.getTime() - start.date.getTime()) / 1000,
        totalEnergyBurned: value.totalEnergyBurned ?? summary.totalEnergyBurned ?? null,
        totalEnergyBurnedUnit: value.totalEnergyBurnedUnit ?? null,
        totalDistance: value.totalDistance ?? summary.totalDistance ?? null,
        totalDistanceUnit: value.totalDistanceUnit ?? null,
        totalSteps: value.totalSteps ?? summary.totalSteps ?? null,
      };
    }
    case 'sleep': {
      const value = check(numericValueSchema, point.value, 'value');
      return { ...base, table, stage: sleepStageFor(point.type), value: value.numericValue };
    }
    case 'clinical': {
      const value = check(clinicalValueSchema, point.value, 'value');
      return {
        ...base,
        table,
        resourceType: value.resource.resourceType,
        fhirVersion: value.fhirVersion ?? null,
        fhirResource: value.resource,
      };
    }
    case 'sample': {
      if (NUMERIC_TYPES.has(point.type)) {
        const value = check(numericValueSchema, point.value, 'value');
        return { ...base, table, value: value.numericValue, valueDetail: null };
      }
      const value = check(optionalNumericValueSchema, point.value, 'value');
      const isPlainNumber = value.numericValue !== undefined;
      // Nutrition, ECG, audiogram…: the whole value object is the data, keep it as JSON.
      return { ...base, table, value: value.numericValue ?? null, valueDetail: isPlainNumber ? null : point.value };
    }
  }
}

function toBase(point: HealthDataPointJson, start: Date, end: Date): PointBase {
  const startTime = start.toISOString();
  const platform = point.sourcePlatform;
  const metadata = point.metadata ?? null;
  const productType =
    typeof metadata?.productType === 'string' ? metadata.productType : (point.deviceModel ?? null);
  return {
    // Health Connect reuses one record id for every point of a series or session (CONTRACT.md).
    recordKey: platform === 'googleHealthConnect' ? `${point.uuid}|${point.type}|${startTime}` : point.uuid,
    hkUuid: point.uuid,
    sampleType: point.type,
    unit: point.unit ?? null,
    startTime,
    endTime: end.toISOString(),
    sourcePlatform: platform,
    sourceDeviceId: point.sourceDeviceId ?? null,
    recordingMethod: point.recordingMethod ?? null,
    metadata,
    extra: extraKeys(point),
    source: { platform, bundleId: point.sourceId ?? '', name: point.sourceName ?? '', productType },
  };
}

/** Keys this server does not map to a column (future package versions add fields): kept, not dropped. */
function extraKeys(point: Record<string, unknown>): Record<string, unknown> | null {
  let extra: Record<string, unknown> | null = null;
  for (const key of Object.keys(point)) {
    const keep = !KNOWN_POINT_KEYS.has(key) || key === 'workoutSummary' || key === 'deviceModel';
    if (keep && point[key] !== undefined && point[key] !== null) {
      (extra ??= {})[key] = point[key];
    }
  }
  return extra;
}

function check<S extends z.ZodType>(schema: S, input: unknown, prefix: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || prefix || 'item';
  const message =
    issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
  throw new ItemError(field, `${field} ${message}`);
}
