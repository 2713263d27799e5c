import { ITEM_LIMITS, jsonExtent, maxItemCharsFor } from './item-limits';
import { parseChunk } from './parse-chunk';
import { resolveTimeZone } from './time-zone';

const utc = resolveTimeZone('UTC');

const item = (over: Record<string, unknown> = {}) => ({
  uuid: 'A1',
  type: 'HEART_RATE',
  value: { numericValue: 60 },
  unit: 'BEATS_PER_MINUTE',
  dateFrom: '2025-01-01T00:00:00.000Z',
  dateTo: '2025-01-01T00:00:00.000Z',
  sourcePlatform: 'appleHealth',
  ...over,
});

const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

describe('jsonExtent', () => {
  it('is close to JSON.stringify for ordinary values', () => {
    const value = item({ metadata: { note: 'x'.repeat(100), list: [1, 2.5, true, null] } });
    const extent = jsonExtent(value, 1e6);
    expect(extent.ok).toBe(true);
    const exact = JSON.stringify(value).length;
    if (extent.ok) expect(Math.abs(extent.chars - exact)).toBeLessThan(exact * 0.25);
  });

  it('stops at the size cap and at the depth cap without recursing', () => {
    expect(jsonExtent({ s: 'x'.repeat(1000) }, 500)).toEqual({ ok: false, reason: 'size' });
    expect(jsonExtent(nested(33), 1e6)).toEqual({ ok: false, reason: 'depth' });
    expect(jsonExtent(nested(32), 1e6).ok).toBe(true);
    // Far deeper than the stack would take recursively.
    expect(jsonExtent(nested(200_000), 1e9)).toEqual({ ok: false, reason: 'depth' });
  });
});

describe('item caps in parseChunk', () => {
  it('refuses a type longer than 64 characters, by index, and keeps the others', () => {
    const { accepted, rejected } = parseChunk([item({ type: 'X'.repeat(65) }), item({ uuid: 'B' })], utc);
    expect(accepted).toHaveLength(1);
    expect(rejected).toEqual([{ index: 0, field: 'type', message: 'type must be at most 64 characters' }]);
    expect(parseChunk([item({ type: 'X'.repeat(64) })], utc).rejected).toEqual([]);
  });

  it('refuses an item over its size cap, larger for the big types, without a raw copy', () => {
    const big = { numericValue: 1, series: Array.from({ length: 20_000 }, (_, i) => i) };
    const { rejected } = parseChunk([item({ value: big })], utc);
    expect(rejected).toEqual([
      {
        index: 0,
        field: 'item',
        message: `item is larger than ${ITEM_LIMITS.maxItemChars} characters of JSON`,
        unstorable: true,
      },
    ]);
    expect(maxItemCharsFor('ELECTROCARDIOGRAM')).toBe(ITEM_LIMITS.maxBigItemChars);
    expect(maxItemCharsFor('CLINICAL_LAB_RESULTS')).toBe(ITEM_LIMITS.maxBigItemChars);
    const ecg = item({
      type: 'ELECTROCARDIOGRAM',
      unit: 'VOLT',
      value: { voltageValues: big.series.map((v) => ({ voltage: v })) },
    });
    expect(parseChunk([ecg], utc).rejected).toEqual([]);
  });

  it('refuses metadata over its cap, and JSON nested deeper than 32 levels', () => {
    const { rejected } = parseChunk(
      [item({ metadata: { note: 'm'.repeat(ITEM_LIMITS.maxMetadataChars) } }), item({ metadata: nested(40) })],
      utc,
    );
    expect(rejected.map((r) => [r.index, r.field])).toEqual([
      [0, 'metadata'],
      [1, 'item'],
    ]);
    expect(rejected[1].message).toBe('item nests objects and arrays deeper than 32 levels');
  });

  it('refuses dates before 1900 (years 0000–0099 included) and more than a day ahead', () => {
    const ahead = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const soon = new Date(Date.now() + 3_600_000).toISOString();
    const { accepted, rejected } = parseChunk(
      [
        item({ dateFrom: '0050-06-01T00:00:00Z', dateTo: '0050-06-01T00:00:00Z' }),
        item({ dateFrom: '1899-12-31T23:59:59Z', dateTo: '1900-01-01T00:00:00Z' }),
        item({ dateFrom: ahead, dateTo: ahead }),
        item({ dateFrom: '1900-01-01T00:00:00Z', dateTo: '1900-01-01T00:00:00Z' }),
        item({ dateFrom: soon, dateTo: soon }),
        item({ dateFrom: '1900-01-01T00:30:00+01:00', dateTo: '1900-01-01T00:30:00+01:00' }),
      ],
      utc,
    );
    expect(rejected).toEqual([
      { index: 0, field: 'dateFrom', message: 'dateFrom must not be before 1900-01-01' },
      { index: 1, field: 'dateFrom', message: 'dateFrom must not be before 1900-01-01' },
      { index: 2, field: 'dateTo', message: 'dateTo must not be more than a day ahead of now' },
      { index: 5, field: 'dateFrom', message: 'dateFrom must not be before 1900-01-01' },
    ]);
    expect(accepted.map((p) => p.startTime)).toEqual(['1900-01-01T00:00:00.000Z', new Date(soon).toISOString()]);
  });

  it('refuses offsets beyond ±18:00 or with 60+ minutes, accepts real ones', () => {
    const at = (offset: string) => item({ dateFrom: `2025-01-01T12:00:00${offset}`, dateTo: `2025-01-01T12:00:00${offset}` });
    const { accepted, rejected } = parseChunk(
      [at('+99:99'), at('+14:60'), at('-18:01'), at('+14:00'), at('-0930'), at('+18:00'), at('+05')],
      utc,
    );
    expect(rejected.map((r) => [r.index, r.message])).toEqual([
      [0, 'dateFrom has a malformed UTC offset (±HH:MM, minutes < 60, at most ±18:00)'],
      [1, 'dateFrom has a malformed UTC offset (±HH:MM, minutes < 60, at most ±18:00)'],
      [2, 'dateFrom has a malformed UTC offset (±HH:MM, minutes < 60, at most ±18:00)'],
    ]);
    expect(accepted.map((p) => p.startTime)).toEqual([
      '2024-12-31T22:00:00.000Z',
      '2025-01-01T21:30:00.000Z',
      '2024-12-31T18:00:00.000Z',
      '2025-01-01T07:00:00.000Z',
    ]);
  });
});
