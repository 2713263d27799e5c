import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { LeasedPoints } from './leased-points';
import { leaseSizeOf } from './user-rate-limiter.service';

/** A real shared limiter (in memory, standing for Redis) with several API tasks leasing from it. */
function setup(points: number, lease: number, tasks: number, now?: () => number) {
  const shared = new RateLimiterMemory({ points, duration: 60 });
  const calls = { consume: 0 };
  const consume = shared.consume.bind(shared);
  shared.consume = (key, p, opts) => {
    calls.consume += 1;
    return consume(key, p, opts);
  };
  const limiters = Array.from({ length: tasks }, () => new LeasedPoints(shared, points, lease, now));
  return { shared, calls, limiters };
}

const allowed = (p: Promise<void>) =>
  p.then(
    () => true,
    (err) => {
      if (err instanceof RateLimiterRes) return false;
      throw err;
    },
  );

describe('LeasedPoints', () => {
  it('never admits more than the budget across tasks, and refuses at most (tasks − 1) × (lease − 1) early', async () => {
    for (const [points, lease, tasks] of [
      [100, 10, 4],
      [100, 7, 3],
      [18, 1, 4],
      [50, 25, 2],
    ]) {
      const { limiters } = setup(points, lease, tasks);
      let admitted = 0;
      for (let i = 0; i < 3 * points; i++) {
        // Requests of 1 to 3 points, spread over the tasks unevenly.
        const task = limiters[(i * 7) % tasks];
        if (await allowed(task.consume('user', 1 + (i % 3)))) admitted += 1 + (i % 3);
      }
      expect(admitted).toBeLessThanOrEqual(points);
      expect(admitted).toBeGreaterThanOrEqual(points - (tasks - 1) * (lease - 1) - 2); // the last request may need 3
    }
  });

  it('asks the shared limiter once per lease, not once per request', async () => {
    const { calls, limiters } = setup(1800, 18, 1);
    for (let i = 0; i < 180; i++) await limiters[0].consume('user', 1);
    expect(calls.consume).toBe(10);
  });

  it('near the limit, a lease that does not fit counts only the request (its points fit, it is admitted)', async () => {
    const { shared, limiters } = setup(10, 4, 2);
    const [a, b] = limiters;
    await a.consume('u', 1); // a leases 4: 3 left in a
    for (let i = 0; i < 4; i++) await b.consume('u', 1); // b leases 4, spends them: shared count 8
    expect(await allowed(b.consume('u', 1))).toBe(true); // a lease of 4 would be 12: given back, 9
    expect(await allowed(b.consume('u', 1))).toBe(true); // 10
    expect(await allowed(b.consume('u', 1))).toBe(false); // 11: over
    expect((await shared.get('u'))!.consumedPoints).toBe(11); // a refused request counts, as before
    for (let i = 0; i < 3; i++) expect(await allowed(a.consume('u', 1))).toBe(true); // a's leased points
    expect(await allowed(a.consume('u', 1))).toBe(false);
  });

  it('a lease ends with the window: the next request asks the shared limiter again', async () => {
    let at = 1_000_000;
    const { calls, limiters } = setup(1000, 10, 1, () => at);
    await limiters[0].consume('u', 1);
    await limiters[0].consume('u', 1);
    expect(calls.consume).toBe(1);
    at += 61_000;
    await limiters[0].consume('u', 1);
    expect(calls.consume).toBe(2);
  });

  it('a request dearer than the lease takes what it needs; one over the budget is refused', async () => {
    const { limiters } = setup(20, 5, 1);
    expect(await allowed(limiters[0].consume('u', 12))).toBe(true);
    expect(await allowed(limiters[0].consume('u', 21))).toBe(false);
  });

  it('lease sizes: 1 % of the budget, exact under 200', () => {
    expect(leaseSizeOf(1800)).toBe(18);
    expect(leaseSizeOf(600)).toBe(6);
    expect(leaseSizeOf(5)).toBe(1);
  });
});
