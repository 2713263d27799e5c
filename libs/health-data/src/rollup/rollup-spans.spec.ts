import { mergeRanges, quarterSpan } from './rollup-spans';

const d = (iso: string) => new Date(iso);

describe('rollup spans', () => {
  it('widens a sample to whole quarter hours, an instant to its own minute', () => {
    const span = quarterSpan(d('2025-09-10T08:07:30Z'), d('2025-09-10T08:31:00Z'));
    expect([new Date(span.from).toISOString(), new Date(span.to).toISOString()]).toEqual([
      '2025-09-10T08:00:00.000Z',
      '2025-09-10T08:45:00.000Z',
    ]);
    const instant = quarterSpan(d('2025-09-10T08:14:59Z'), d('2025-09-10T08:14:59Z'));
    expect([new Date(instant.from).toISOString(), new Date(instant.to).toISOString()]).toEqual([
      '2025-09-10T08:00:00.000Z',
      '2025-09-10T08:30:00.000Z',
    ]);
  });

  it('merges overlapping and touching spans per metric and keeps metrics apart', () => {
    const r = (sampleType: string, from: string, to: string) => ({ sampleType, from: d(from), to: d(to) });
    const merged = mergeRanges([
      r('STEPS', '2025-09-10T09:00:00Z', '2025-09-10T09:15:00Z'),
      r('HEART_RATE', '2025-09-10T08:00:00Z', '2025-09-10T08:15:00Z'),
      r('STEPS', '2025-09-10T08:00:00Z', '2025-09-10T08:30:00Z'),
      r('STEPS', '2025-09-10T08:30:00Z', '2025-09-10T08:45:00Z'),
    ]);
    expect(merged.map((m) => [m.sampleType, m.from.toISOString().slice(11, 16), m.to.toISOString().slice(11, 16)])).toEqual([
      ['HEART_RATE', '08:00', '08:15'],
      ['STEPS', '08:00', '08:45'],
      ['STEPS', '09:00', '09:15'],
    ]);
  });
});
