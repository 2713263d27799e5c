import { decodeCursor, encodeCursor, toConnection } from './keyset-cursor';

describe('keyset cursors', () => {
  it('round-trips and refuses anything it did not make', () => {
    const k = { micros: '1757485735123456', id: '5c1a2e8f-3b7d-4f2a-9e1c-7d8b6a5f4e3d' };
    expect(decodeCursor(encodeCursor(k))).toEqual(k);
    const json = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    // A row id is the record key (a uuid): a number, or a uuid in upper case, is not one this API made.
    for (const bad of ['', 'abc', json([1, 2]), json(['1', 'x']), json(['1', '42']), json(['1', k.id.toUpperCase()])]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });

  it('reports a next page only when a row past the page size came back', () => {
    const rows = [1, 2, 3].map((i) => ({ id: String(i), cursorMicros: String(i * 1000) }));
    expect(toConnection(rows, 2).pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor({ micros: '2000', id: '2' }) });
    expect(toConnection(rows, 3).pageInfo.hasNextPage).toBe(false);
    expect(toConnection([], 3).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
