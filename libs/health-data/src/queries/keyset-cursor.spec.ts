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

  it('refuses times PostgreSQL cannot hold (a forged cursor, not a failed statement)', () => {
    const id = '5c1a2e8f-3b7d-4f2a-9e1c-7d8b6a5f4e3d';
    const json = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const micros of ['9999999999999999999', '-9999999999999999999', '253402300800000000', '-62135596800000001']) {
      expect(decodeCursor(json([micros, id]))).toBeNull();
    }
    for (const micros of ['253402300799999000', '-62135596800000000', '0']) {
      expect(decodeCursor(json([micros, id]))).toEqual({ micros, id });
    }
  });

  it('reports a next page only when a row past the page size came back', () => {
    const rows = [1, 2, 3].map((i) => ({ id: String(i), cursorMicros: String(i * 1000) }));
    expect(toConnection(rows, 2).pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor({ micros: '2000', id: '2' }) });
    expect(toConnection(rows, 3).pageInfo.hasNextPage).toBe(false);
    expect(toConnection([], 3).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
