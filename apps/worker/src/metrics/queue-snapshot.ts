import type { Queue } from 'bullmq';

/** The queue as one reading; both the CloudWatch EMF line and the Prometheus gauges are built from it. */
export interface QueueSnapshot {
  waiting: number;
  prioritized: number;
  active: number;
  delayed: number;
  failed: number;
  /** Age of the oldest job waiting to start, 0 when none waits. */
  oldestWaitingAgeSeconds: number;
}

/**
 * The backlog autoscaling and the alarms act on: jobs not yet started (waiting, prioritised, or
 * delayed for a retry). Active jobs are already being handled; failed ones will not run again.
 */
export function queueDepth(s: QueueSnapshot): number {
  return s.waiting + s.prioritized + s.delayed;
}

export async function readQueueSnapshot(queue: Queue, now = Date.now()): Promise<QueueSnapshot> {
  const [counts, oldest] = await Promise.all([
    queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed'),
    // asc: the 'wait' list's oldest end; one job, one round trip.
    queue.getJobs(['wait'], 0, 0, true),
  ]);
  const oldestAt = oldest[0]?.timestamp;
  return {
    waiting: counts.waiting ?? 0,
    prioritized: counts.prioritized ?? 0,
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    oldestWaitingAgeSeconds: oldestAt ? Math.max(0, (now - oldestAt) / 1000) : 0,
  };
}
