import { parseChunk } from '../parsing/parse-chunk';
import { recordUuid } from '../parsing/record-uuid';
import { resolveTimeZone } from '../parsing/time-zone';
import { buildChunkRows, chunkRecordIds } from './chunk-rows';

const utc = resolveTimeZone('+00:00');
const point = (uuid: string, platform: string, minute: number, type = 'STEPS') => ({
  uuid,
  type,
  value: { __type: 'NumericHealthValue', numericValue: 1 },
  unit: 'COUNT',
  dateFrom: `2025-09-01T00:${String(minute).padStart(2, '0')}:00.000Z`,
  dateTo: `2025-09-01T00:${String(minute).padStart(2, '0')}:30.000Z`,
  sourcePlatform: platform,
  sourceId: '',
  sourceName: 'app',
});

describe('chunk rows: Health Connect record ids per table', () => {
  it('lists each record once, per table, and none for HealthKit rows', () => {
    const items = [
      point('hc-1', 'googleHealthConnect', 0),
      point('hc-1', 'googleHealthConnect', 1),
      point('hc-2', 'googleHealthConnect', 2),
      point('hc-3', 'googleHealthConnect', 3, 'SLEEP_DEEP'),
      point('5C1A2E8F-3B7D-4F2A-9E1C-7D8B6A5F4E3D', 'appleHealth', 4),
    ];
    const rows = buildChunkRows(parseChunk(items, utc).accepted);
    expect(rows.recordIds).toEqual({
      sample: [recordUuid('hc-1'), recordUuid('hc-2')].sort(),
      sleep: [recordUuid('hc-3')],
    });
    const ios = buildChunkRows(parseChunk([items[4]], utc).accepted);
    expect(ios.recordIds).toEqual({});
    expect(chunkRecordIds(ios, 'sample')).toEqual([]);
  });

  it('reads them from the rows of a job made before the list existed', () => {
    const rows = buildChunkRows(
      parseChunk([point('hc-1', 'googleHealthConnect', 0), point('hc-1', 'googleHealthConnect', 1)], utc).accepted,
    );
    const { recordIds, ...older } = rows;
    expect(chunkRecordIds(older, 'sample')).toEqual(recordIds!.sample);
    expect(chunkRecordIds(older, 'workout')).toEqual([]);
  });
});
