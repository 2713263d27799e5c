import { contentHashOf } from './content-hash';

const chunk = { isFinalChunk: false, timeZone: 'Europe/Berlin' };
const payload = '{"rows":{"sources":[],"tables":{"sample":"[]"},"rowCounts":{"sample":0}},"deletedUuids":[]}';
const rejected = [{ index: 3, field: 'dateFrom', message: 'dateFrom must be an ISO-8601 date-time' }];

describe('contentHashOf', () => {
  it('is the same for the same content, whatever the rejected items held', () => {
    expect(contentHashOf(chunk, rejected, payload)).toBe(contentHashOf({ ...chunk }, [{ ...rejected[0] }], payload));
    expect(contentHashOf(chunk, rejected, payload)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with what is stored, what is rejected, the final flag and the time zone', () => {
    const base = contentHashOf(chunk, rejected, payload);
    const others = [
      contentHashOf(chunk, rejected, payload.replace('"deletedUuids":[]', '"deletedUuids":["a"]')),
      contentHashOf(chunk, [], payload),
      contentHashOf(chunk, [{ ...rejected[0], index: 4 }], payload),
      contentHashOf({ ...chunk, isFinalChunk: true }, rejected, payload),
      contentHashOf({ ...chunk, timeZone: null }, rejected, payload),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });
});
