import fc from 'fast-check';
import { parsePoint } from './parse-chunk';
import { healthDataPointSchema, isPlainPoint } from './point.schema';
import { resolveTimeZone } from './time-zone';

const utc = resolveTimeZone('UTC');

// Values each field may take: the valid ones, and the near misses zod must still see.
const anything = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom('', 'x', 'HEART_RATE', 'heart_rate', 'appleHealth', 'googleHealthConnect', '2025-09-10T02:28:55.000Z'),
  fc.string({ maxLength: 3 }).map((s) => s.repeat(100)),
  fc.string({ minLength: 250, maxLength: 600 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ numericValue: 72, __type: 'NumericHealthValue' }),
  fc.constant(JSON.parse('{"__proto__": {"x": 1}, "numericValue": 1}')),
  fc.constant({ constructor: 'x', numericValue: 1 }),
  fc.constant(Object.assign(Object.create(null), { numericValue: 1 })),
  fc.constant(new Date(0)),
);

const valid = {
  uuid: '5C1A2E8F-3B7D-4F2A-9E1C-7D8B6A5F4E3D',
  value: { __type: 'NumericHealthValue', numericValue: 72 },
  type: 'HEART_RATE',
  unit: 'BEATS_PER_MINUTE',
  dateFrom: '2025-09-10T02:28:55.000Z',
  dateTo: '2025-09-10T02:29:55.000Z',
  sourcePlatform: 'appleHealth',
  sourceDeviceId: 'device',
  sourceId: 'com.apple.health',
  sourceName: 'Watch',
  recordingMethod: 'automatic',
  workoutSummary: null,
  metadata: { HKMetadataKeyHeartRateMotionContext: 0 },
  deviceModel: 'Watch6,7',
};

const item = fc
  .tuple(
    fc.dictionary(fc.constantFrom(...Object.keys(valid), 'futureField', '__proto__'), anything, { maxKeys: 4 }),
    fc.subarray(Object.keys(valid), { maxLength: 3 }),
  )
  .map(([changes, dropped]) => {
    const point: Record<string, unknown> = { ...valid, ...changes };
    for (const key of dropped) delete point[key];
    return point;
  });

describe('isPlainPoint (the hand-written fast path in front of zod)', () => {
  it('takes the usual item', () => {
    expect(isPlainPoint(valid)).toBe(true);
    expect(isPlainPoint({ ...valid, futureField: { a: 1 } })).toBe(true);
  });

  it('only takes items zod takes, and parsing the item itself gives what parsing zod’s copy gives', () => {
    fc.assert(
      fc.property(item, (point) => {
        if (!isPlainPoint(point)) return;
        const checked = healthDataPointSchema.safeParse(point);
        expect(checked.success).toBe(true);
        const viaItem = (() => {
          try {
            return parsePoint(point, utc);
          } catch (err) {
            return (err as Error).message;
          }
        })();
        const viaZod = (() => {
          try {
            return parsePoint(checked.data, utc);
          } catch (err) {
            return (err as Error).message;
          }
        })();
        expect(viaItem).toEqual(viaZod);
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves objects zod would change or refuse to zod', () => {
    expect(isPlainPoint({ ...valid, value: JSON.parse('{"__proto__": {}, "numericValue": 1}') })).toBe(false);
    expect(isPlainPoint({ ...valid, metadata: Object.create(null) })).toBe(false);
    expect(isPlainPoint(JSON.parse(JSON.stringify({ ...valid, __proto__x: 1 }).replace('__proto__x', '__proto__')))).toBe(false);
    expect(isPlainPoint({ ...valid, uuid: '' })).toBe(false);
    expect(isPlainPoint({ ...valid, unit: 'u'.repeat(65) })).toBe(false);
    expect(isPlainPoint({ ...valid, sourcePlatform: 'fitbit' })).toBe(false);
    expect(isPlainPoint([valid])).toBe(false);
  });
});
