import { BatchResult, ChunkBatcher } from './chunk-batcher';

/** A runBatch whose batches the test lets finish one by one. */
function controlled(fail: (items: number[]) => unknown = () => undefined) {
  const calls: { items: number[]; finish(): void }[] = [];
  const ended: [number, BatchResult][] = [];
  const batcher = new ChunkBatcher<number, string>({
    maxBatch: 3,
    maxRunning: 2,
    runBatch: (items) =>
      new Promise((resolve, reject) =>
        calls.push({
          items,
          finish: () => {
            const err = fail(items);
            if (err) reject(err);
            else resolve(items.map((i) => `stored ${i}`));
          },
        }),
      ),
    failsAll: (err) => (err as Error).message === 'database unavailable',
    onBatch: (size, result) => ended.push([size, result]),
  });
  const tick = () => new Promise((r) => setImmediate(r));
  return { batcher, calls, ended, tick };
}

describe('ChunkBatcher', () => {
  it('runs a lone item at once, and items that arrive meanwhile as the next batch', async () => {
    const { batcher, calls, ended, tick } = controlled();
    const first = batcher.submit(1);
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    const rest = [2, 3].map((i) => batcher.submit(i));
    // Fewer than a full batch wait behind the running one.
    expect(calls).toHaveLength(1);
    calls[0].finish();
    await expect(first).resolves.toBe('stored 1');
    await tick();
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3]]);
    calls[1].finish();
    await expect(Promise.all(rest)).resolves.toEqual(['stored 2', 'stored 3']);
    expect(ended).toEqual([
      [1, 'committed'],
      [2, 'committed'],
    ]);
  });

  it('starts a second batch beside the first only when a full batch waits', async () => {
    const { batcher, calls } = controlled();
    void batcher.submit(1);
    [2, 3, 4, 5].forEach((i) => void batcher.submit(i));
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
  });

  it('stores a failed batch again one item at a time: only the bad item fails', async () => {
    const { batcher, calls, ended, tick } = controlled((items) => (items.includes(3) ? new Error('bad chunk') : undefined));
    void batcher.submit(0);
    const results = [1, 2, 3, 4].map((i) => batcher.submit(i).catch((err: Error) => err.message));
    calls[0].finish();
    await tick();
    calls[1].finish(); // [1, 2, 3]: fails
    for (let i = 2; i < 5; i++) {
      await tick();
      calls[i].finish();
    }
    await tick();
    calls[5]?.finish(); // [4], the next batch
    expect(await Promise.all(results)).toEqual(['stored 1', 'stored 2', 'bad chunk', 'stored 4']);
    expect(calls.slice(1, 5).map((c) => c.items)).toEqual([[1, 2, 3], [1], [2], [3]]);
    expect(ended).toContainEqual([3, 'retried']);
  });

  it('fails every item of a batch on an error no item is to blame for, without retrying them one by one', async () => {
    const { batcher, calls, ended, tick } = controlled((items) =>
      items.length > 1 ? new Error('database unavailable') : undefined,
    );
    void batcher.submit(0);
    const results = [1, 2].map((i) => batcher.submit(i).catch((err: Error) => err.message));
    calls[0].finish();
    await tick();
    calls[1].finish();
    expect(await Promise.all(results)).toEqual(['database unavailable', 'database unavailable']);
    expect(calls).toHaveLength(2);
    expect(ended).toContainEqual([2, 'failed']);
  });
});
