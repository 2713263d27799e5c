import { decodeCursor, encodeCursor, toConnection } from './keyset-cursor';

describe('keyset cursors', () => {
  it('round-trips and refuses anything it did not make', () => {
    const k = { micros: '1757485735123456', id: '42' };
    expect(decodeCursor(encodeCursor(k))).toEqual(k);
    for (const bad of ['', 'abc', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["1","x"]').toString('base64url')]) {
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
