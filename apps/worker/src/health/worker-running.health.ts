import { WorkerConfig } from '@app/config';
import { SYNC_QUEUE } from '@app/queue';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Queue } from 'bullmq';
import { SyncProcessor } from '../sync.processor';

/**
 * Stalled: jobs are waiting, yet this worker has started or finished none for longer than a job
 * may take (plus a minute). A worker in that state holds a task slot and does nothing; reporting
 * it lets ECS replace the task.
 */
export function isStalled(waiting: number, lastActivityAt: number, now: number, jobTimeoutMs: number): boolean {
  return waiting > 0 && now - lastActivityAt > jobTimeoutMs + 60_000;
}

/** Down when the BullMQ worker is not consuming: never started, closing, or stalled. */
@Injectable()
export class WorkerRunningIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly processor: SyncProcessor,
    private readonly config: WorkerConfig,
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
  ) {}

  async check() {
    const session = this.indicators.check('worker');
    const worker = this.processor.worker;
    if (!worker.isRunning() || worker.closing) return session.down({ message: worker.closing ? 'closing' : 'not running' });
    // BullMQ waits for Redis instead of failing; a probe must answer (down) while Redis is away.
    let timer: NodeJS.Timeout | undefined;
    const waiting = await Promise.race([
      this.queue.getWaitingCount(),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), 1500))),
    ]).finally(() => clearTimeout(timer));
    if (waiting === null) return session.down({ message: 'queue not answering' });
    if (isStalled(waiting, this.processor.lastActivityAt, Date.now(), this.config.jobTimeoutMs)) {
      const idleSeconds = Math.round((Date.now() - this.processor.lastActivityAt) / 1000);
      return session.down({ message: `stalled: ${waiting} jobs waiting, no progress for ${idleSeconds} s` });
    }
    return session.up({ concurrency: worker.concurrency, waiting });
  }
}
