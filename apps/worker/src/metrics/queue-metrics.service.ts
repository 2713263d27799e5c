import { WorkerConfig } from '@app/config';
import { SYNC_QUEUE } from '@app/queue';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';

/**
 * Publishes queue depth and failed jobs as CloudWatch Embedded Metric Format lines on stdout:
 * the awslogs driver ships them and CloudWatch turns them into metrics, so alarms and
 * autoscaling on queue depth need no SDK, credentials or sidecar.
 */
@Injectable()
export class QueueMetricsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(QueueMetricsService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    private readonly config: WorkerConfig,
  ) {}

  onApplicationBootstrap() {
    const { intervalMs } = this.config.metrics;
    if (intervalMs > 0) {
      this.timer = setInterval(() => void this.publish(), intervalMs);
      this.timer.unref();
    }
  }

  onModuleDestroy() {
    clearInterval(this.timer);
  }

  async publish(): Promise<void> {
    try {
      const counts = await this.queue.getJobCounts('waiting', 'delayed', 'prioritized', 'failed');
      process.stdout.write(`${JSON.stringify(this.emf(counts))}\n`);
    } catch (err) {
      this.logger.warn(`queue metrics not published: ${(err as Error).message}`);
    }
  }

  emf(counts: Record<string, number>) {
    return {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: 'HealthSync',
            Dimensions: [['Environment']],
            Metrics: [
              { Name: 'QueueDepth', Unit: 'Count' },
              { Name: 'FailedJobs', Unit: 'Count' },
            ],
          },
        ],
      },
      Environment: this.config.metrics.environment,
      QueueDepth: (counts.waiting ?? 0) + (counts.delayed ?? 0) + (counts.prioritized ?? 0),
      FailedJobs: counts.failed ?? 0,
    };
  }
}
