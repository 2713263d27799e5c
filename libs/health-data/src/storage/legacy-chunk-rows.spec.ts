import { parseChunk } from '../parsing/parse-chunk';
import { recordUuid } from '../parsing/record-uuid';
import { resolveTimeZone } from '../parsing/time-zone';
import { buildChunkRows } from './chunk-rows';
import { isLegacyChunkRows, upgradeChunkRows } from './legacy-chunk-rows';

const point = (uuid: string, platform: string, from: string) => ({
  uuid,
  value: { __type: 'NumericHealthValue', numericValue: 72 },
  type: 'HEART_RATE',
  unit: 'BEATS_PER_MINUTE',
  dateFrom: from,
  dateTo: from,
  sourcePlatform: platform,
  sourceDeviceId: 'phone-1',
  sourceId: platform === 'appleHealth' ? 'com.apple.health.W' : '',
  sourceName: 'Watch',
  recordingMethod: 'automatic',
  metadata: { HKMetadataKeyHeartRateMotionContext: 0 },
});

describe('jobs queued before the row-shape migration', () => {
  it('are upgraded to exactly what the API builds now', () => {
    const items = [
      point('5C1A2E8F-3B7D-4F2A-9E1C-7D8B6A5F4E3D', 'appleHealth', '2025-09-10T08:00:00.000Z'),
      point('hc-series-1', 'googleHealthConnect', '2025-09-10T08:01:00.000Z'),
    ];
    const current = buildChunkRows(parseChunk(items, resolveTimeZone('+00:00')).accepted);
    // What the old API put in a job for the same items: text keys, the repeated fields on each row.
    const legacyRows = JSON.parse(current.tables.sample!).map((r: Record<string, unknown>, i: number) => {
      const { recordId: _, contextIndex: __, ...rest } = r;
      const android = i === 1;
      return {
        ...rest,
        recordKey: android ? 'hc-series-1|HEART_RATE|2025-09-10T08:01:00.000Z' : items[0].uuid,
        hkUuid: items[i].uuid,
        sourcePlatform: items[i].sourcePlatform,
        unit: 'BEATS_PER_MINUTE',
        recordingMethod: 'automatic',
        sourceDeviceId: 'phone-1',
        metadata: { HKMetadataKeyHeartRateMotionContext: 0 },
      };
    });
    const legacy = { sources: current.sources, tables: { sample: JSON.stringify(legacyRows) }, rowCounts: current.rowCounts };
    expect(isLegacyChunkRows(legacy)).toBe(true);
    expect(isLegacyChunkRows(current)).toBe(false);
    const upgraded = upgradeChunkRows(legacy);
    expect(upgraded.contexts).toEqual(current.contexts);
    expect(upgraded.types).toEqual(current.types);
    expect(JSON.parse(upgraded.tables.sample!)).toEqual(
      expect.arrayContaining(JSON.parse(current.tables.sample!).map((r: object) => expect.objectContaining(r))),
    );
    expect(JSON.parse(upgraded.tables.sample!)[1].recordId).toBe(recordUuid('hc-series-1'));
  });
});
