import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANDROID_KINDS, HEALTH_DATA_TYPE_NAMES, HEALTH_DATA_TYPES } from './health-data-types';

const TABLE = {
  sample: 'healthkit_sample',
  sleep: 'healthkit_sleep_analysis',
  workout: 'healthkit_workout',
  profile: 'user_profile',
};
const KIND = { cumulative: 'sum', discrete: 'average', count: 'count' } as const;

/** docs/data-types.md is the table for people: it must say what the catalog does, type by type. */
describe('docs/data-types.md', () => {
  const doc = readFileSync(join(__dirname, '../../../../docs/data-types.md'), 'utf8');
  const rows = new Map(
    doc
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split('|').map((c) => c.trim()))
      .map((cells) => [cells[1].replace(/`/g, ''), cells.slice(2, -1)] as const),
  );

  it('lists every type of the catalog once, and nothing else', () => {
    expect([...rows.keys()].sort()).toEqual([...HEALTH_DATA_TYPE_NAMES].sort());
  });

  it.each(HEALTH_DATA_TYPE_NAMES.map((n) => [n]))('%s: platforms, unit, table and kind as the catalog', (name) => {
    const info = HEALTH_DATA_TYPES[name];
    const [platforms, unit, , table, kind] = rows.get(name)!;
    expect(platforms).toBe(info.platforms.map((p) => (p === 'ios' ? 'iOS' : 'Android')).join(', '));
    expect(unit).toBe(info.unit);
    expect(table).toBe(`\`${TABLE[info.table]}\``);
    const base = info.kind ? KIND[info.kind] : '—';
    const android = ANDROID_KINDS[name];
    expect(kind).toBe(android ? `${base} (iOS), ${KIND[android]} (Android)` : base);
  });
});
