import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * A per-user budget shared by every API task (the shared limiter, in Redis) without a Redis call per
 * request: a task takes points from the shared budget `leaseSize` at a time and spends them from memory
 * until they run out or the window ends.
 *
 * Never more than the limit: a point is counted in the shared budget before any task spends it. The
 * margin is the other way: points leased by one task and not yet spent there are missing to the others,
 * so with N tasks a user may be refused up to (N − 1) × (leaseSize − 1) points before the limit (and a
 * task's unspent points are lost when the window ends). Near the limit a lease the shared budget cannot
 * give is given back, less this request's points, which then count as an exact consume's would (for the
 * moment between the two calls other tasks see the count higher by up to leaseSize − 1).
 * leaseSize 1 is the plain shared limiter, one call per request. Resolves, or rejects as the shared
 * limiter does (a RateLimiterRes when refused).
 */
export class LeasedPoints {
  private readonly leases = new Map<string, { left: number; until: number }>();

  constructor(
    private readonly shared: RateLimiterAbstract,
    private readonly points: number,
    private readonly leaseSize: number,
    private readonly now: () => number = Date.now,
  ) {}

  async consume(key: string, points: number): Promise<void> {
    const at = this.now();
    const held = this.leases.get(key);
    const left = held && held.until > at ? held.left : 0;
    if (left >= points) {
      held!.left -= points;
      return;
    }
    const need = points - left;
    const lease = Math.max(need, this.leaseSize);
    try {
      const res = await this.shared.consume(key, lease);
      this.keep(key, left + lease - points, at + res.msBeforeNext);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes) || lease === need) throw rejection;
      // The lease did not fit: only what this request needs stays counted, as an exact consume.
      await this.shared.reward(key, lease - need);
      const fits = rejection.consumedPoints - lease + need <= this.points;
      if (!fits) throw new RateLimiterRes(0, rejection.msBeforeNext, rejection.consumedPoints - lease + need);
      this.keep(key, 0, at + rejection.msBeforeNext);
    }
  }

  private keep(key: string, left: number, until: number) {
    // Bounded by the users active in one window: expired leases go when the map grows.
    if (this.leases.size >= 10_000 && !this.leases.has(key)) {
      const at = this.now();
      for (const [k, lease] of this.leases) if (lease.until <= at) this.leases.delete(k);
    }
    this.leases.set(key, { left, until });
  }
}
