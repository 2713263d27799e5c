import { overload, parseMemoryInfo } from './backpressure';

describe('backpressure rule', () => {
  const limits = { maxWaiting: 100, maxMemoryShare: 0.75 };

  it('refuses at the queue depth limit', () => {
    expect(overload({ waiting: 99, usedMemory: 0, maxMemory: 0 }, limits)).toBeNull();
    expect(overload({ waiting: 100, usedMemory: 0, maxMemory: 0 }, limits)).toBe('waiting');
  });

  it('refuses at the memory share only when Redis has a maxmemory', () => {
    expect(overload({ waiting: 0, usedMemory: 74, maxMemory: 100 }, limits)).toBeNull();
    expect(overload({ waiting: 0, usedMemory: 75, maxMemory: 100 }, limits)).toBe('memory');
    expect(overload({ waiting: 0, usedMemory: 10 ** 12, maxMemory: 0 }, limits)).toBeNull();
  });

  it('reads used_memory and maxmemory from INFO memory', () => {
    const info = '# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\nmaxmemory:16777216\r\nmaxmemory_human:16.00M\r\n';
    expect(parseMemoryInfo(info)).toEqual({ usedMemory: 1048576, maxMemory: 16777216 });
  });
});
