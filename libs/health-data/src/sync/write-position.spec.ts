import { CHUNK_INDEX_SPAN, writePosition } from './write-position';

describe('writePosition', () => {
  it('orders by sync first, then by chunk index', () => {
    const positions = [
      writePosition(1, 0),
      writePosition(1, 1),
      writePosition(1, 100_000),
      writePosition(2, 0),
      writePosition('3', 5),
      writePosition(12_345_678_901n, 0),
    ].map(BigInt);
    const sorted = [...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(positions).toEqual(sorted);
    expect(new Set(positions).size).toBe(positions.length);
  });

  it('keeps sync ids beyond 2^53 exact', () => {
    expect(writePosition('9007199254740993', 7)).toBe((9007199254740993n * CHUNK_INDEX_SPAN + 7n).toString());
  });

  it('refuses an index that would reach into the next sync', () => {
    expect(() => writePosition(1, Number(CHUNK_INDEX_SPAN))).toThrow(RangeError);
    expect(() => writePosition(1, -1)).toThrow(RangeError);
    expect(() => writePosition(1, 1.5)).toThrow(RangeError);
  });
});
