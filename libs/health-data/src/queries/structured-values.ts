import { parsePhoneDate, resolveTimeZone } from '../parsing/time-zone';

/**
 * Structured values keep inner times the way Dart's `toIso8601String()` wrote them: local wall time
 * without an offset. A read answers them as instants (UTC ISO), converted from the row's own start,
 * which the sync resolved with the chunk's time zone; the stored row is never changed.
 * - WORKOUT_ROUTE: the package sets the point's `dateFrom` to the first location's timestamp, so that
 *   location's wall time minus the stored start is the offset every location is shifted by (a route
 *   crossing a DST change keeps the offset of its start).
 * - MENSTRUATION_FLOW: `dateTime` is the point's own `dateFrom`: the stored start.
 * A time that carries Z or an offset is taken as it is. ECG voltages are offsets in seconds from the
 * start; audiogram and insulin delivery have no inner times: both are answered as sent.
 */
const UTC = resolveTimeZone('UTC')!;
const HAS_ZONE = /T.*(Z|[+-]\d{2}(:?\d{2})?)$/;

/** Milliseconds of a phone time: the instant when it names its zone, else its wall time read as UTC. */
function phoneMs(value: unknown): { ms: number; zoned: boolean } | null {
  if (typeof value === 'number' && Number.isFinite(value)) return { ms: value, zoned: true };
  if (typeof value !== 'string') return null;
  const parsed = parsePhoneDate(value, UTC);
  return parsed.ok ? { ms: parsed.ms, zoned: HAS_ZONE.test(value) } : null;
}

export function valueWithInstants(sampleType: string, detail: unknown, startTime: Date): unknown {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return detail;
  const value = detail as Record<string, unknown>;
  if (sampleType === 'WORKOUT_ROUTE' && Array.isArray(value.locations)) {
    const locations = value.locations as Record<string, unknown>[];
    const first = phoneMs(locations[0]?.timestamp);
    const shift = first && !first.zoned ? first.ms - startTime.getTime() : 0;
    return {
      ...value,
      locations: locations.map((l) => {
        const t = phoneMs(l?.timestamp);
        if (!t) return l;
        return { ...l, timestamp: new Date(t.zoned ? t.ms : t.ms - shift).toISOString() };
      }),
    };
  }
  if (sampleType === 'MENSTRUATION_FLOW' && value.dateTime !== undefined) {
    const t = phoneMs(value.dateTime);
    return { ...value, dateTime: t?.zoned ? new Date(t.ms).toISOString() : startTime.toISOString() };
  }
  return detail;
}

/** A read row with `valueDetail`: the same row with its inner times as instants. */
export function rowWithInstants<T extends { sampleType: string; startTime: Date; valueDetail: unknown }>(row: T): T {
  if (row.valueDetail === null || row.valueDetail === undefined || !(row.startTime instanceof Date)) return row;
  return { ...row, valueDetail: valueWithInstants(String(row.sampleType), row.valueDetail, row.startTime) };
}

export interface RoutePoint {
  time: Date;
  latitude: number;
  longitude: number;
  altitude: number | null;
  speed: number | null;
  course: number | null;
  horizontalAccuracy: number | null;
  verticalAccuracy: number | null;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The points of route values (already converted by valueWithInstants), in time order. */
export function routePoints(values: readonly unknown[]): RoutePoint[] {
  const points: RoutePoint[] = [];
  for (const v of values) {
    const locations = (v as { locations?: unknown })?.locations;
    if (!Array.isArray(locations)) continue;
    for (const l of locations as Record<string, unknown>[]) {
      const latitude = num(l?.latitude);
      const longitude = num(l?.longitude);
      if (latitude === null || longitude === null || typeof l.timestamp !== 'string') continue;
      points.push({
        time: new Date(l.timestamp),
        latitude,
        longitude,
        altitude: num(l.altitude),
        speed: num(l.speed),
        course: num(l.course),
        horizontalAccuracy: num(l.horizontalAccuracy),
        verticalAccuracy: num(l.verticalAccuracy),
      });
    }
  }
  return points.sort((a, b) => a.time.getTime() - b.time.getTime());
}

const bool = (v: unknown) => (typeof v === 'boolean' ? v : null);
const text = (v: unknown) => (typeof v === 'string' ? v : null);
const numbers = (v: unknown) => (Array.isArray(v) ? v.map(num).filter((n): n is number => n !== null) : []);
const objectOf = (v: unknown) =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/**
 * Typed views of the structured values, for a generated client (valueDetail is JSON). Each reads a
 * value already converted by valueWithInstants; null when the row is of another type or holds no
 * such object. Names and enum strings are the package's `toJson()` ones.
 */
export function menstruationFlowOf(sampleType: string, detail: unknown) {
  const v = objectOf(detail);
  if (sampleType !== 'MENSTRUATION_FLOW' || !v) return null;
  const t = typeof v.dateTime === 'string' ? new Date(v.dateTime) : null;
  return {
    flow: text(v.flow),
    isStartOfCycle: bool(v.isStartOfCycle),
    wasUserEntered: bool(v.wasUserEntered),
    dateTime: t && !Number.isNaN(t.getTime()) ? t : null,
  };
}

export function insulinDeliveryOf(sampleType: string, detail: unknown) {
  const v = objectOf(detail);
  if (sampleType !== 'INSULIN_DELIVERY' || !v) return null;
  return { units: num(v.units), reason: text(v.reason) };
}

export function audiogramOf(sampleType: string, detail: unknown) {
  const v = objectOf(detail);
  if (sampleType !== 'AUDIOGRAM' || !v) return null;
  return {
    frequencies: numbers(v.frequencies),
    leftEarSensitivities: numbers(v.leftEarSensitivities),
    rightEarSensitivities: numbers(v.rightEarSensitivities),
  };
}

export function electrocardiogramOf(sampleType: string, detail: unknown) {
  const v = objectOf(detail);
  if (sampleType !== 'ELECTROCARDIOGRAM' || !v) return null;
  const voltages = Array.isArray(v.voltageValues) ? v.voltageValues.map(objectOf) : [];
  return {
    averageHeartRate: num(v.averageHeartRate),
    samplingFrequency: num(v.samplingFrequency),
    classification: text(v.classification),
    voltages: voltages.map((x) => num(x?.voltage) ?? 0),
    secondsSinceStart: voltages.map((x) => num(x?.timeSinceSampleStart) ?? 0),
  };
}

export function routeOf(sampleType: string, detail: unknown): RoutePoint[] | null {
  if (sampleType !== 'WORKOUT_ROUTE' || !objectOf(detail)) return null;
  return routePoints([detail]);
}
