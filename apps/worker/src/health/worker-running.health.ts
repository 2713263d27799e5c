import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { SyncProcessor } from '../sync.processor';

/** Down when the BullMQ worker is not consuming (never started, closed, or closing). */
@Injectable()
export class WorkerRunningIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly processor: SyncProcessor,
  ) {}

  check() {
    const session = this.indicators.check('worker');
    const worker = this.processor.worker;
    if (worker.isRunning() && !worker.closing) return session.up({ concurrency: worker.concurrency });
    return session.down({ message: worker.closing ? 'closing' : 'not running' });
  }
}
