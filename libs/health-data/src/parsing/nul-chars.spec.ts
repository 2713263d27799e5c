import { nulPath } from './nul-chars';

describe('nulPath', () => {
  it('finds U+0000 in nested values and keys, and nothing in clean items', () => {
    expect(nulPath({ a: 1, b: 'x', c: { d: ['ok', 'b\u0000d'] } })).toBe('c.d[1]');
    expect(nulPath({ ['k\u0000']: 1 })).toBe('k\\u0000');
    expect(nulPath('\u0000')).toBe('(item)');
    expect(nulPath({ a: [1, null, { b: 'fine \uD83D\uDE00' }] })).toBeNull();
    expect(nulPath({ a: 'lone \uD800' })).toBe('a');
    expect(nulPath({ a: 'lone \uDC00 low' })).toBe('a');
  });
});
