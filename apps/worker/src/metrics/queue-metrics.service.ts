import { WorkerConfig } from '@app/config';
import { SYNC_QUEUE } from '@app/queue';
import { appMeter, emfRecord } from '@app/telemetry';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobMetricsService, JobTotals } from './job-metrics.service';
import { queueDepth, QueueSnapshot, readQueueSnapshot } from './queue-snapshot';

/**
 * The queue's state, from one reading (queue-snapshot.ts), in two forms:
 * - CloudWatch Embedded Metric Format lines on stdout every METRICS_INTERVAL_MS: the awslogs driver
 *   ships them and CloudWatch turns them into metrics, so alarms and autoscaling on queue depth need
 *   no SDK, credentials or sidecar;
 * - Prometheus/OTel gauges read at scrape time (jobs per state, depth, oldest waiting job, Redis memory).
 */
@Injectable()
export class QueueMetricsService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(QueueMetricsService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    private readonly config: WorkerConfig,
    private readonly jobs: JobMetricsService,
  ) {}

  onModuleInit() {
    const meter = appMeter();
    const jobs = meter.createObservableGauge('healthsync.queue.jobs', {
      description: 'Sync queue jobs by state (waiting, prioritized, active, delayed, failed)',
    });
    const depth = meter.createObservableGauge('healthsync.queue.depth', {
      description: 'Jobs not yet started (waiting + prioritized + delayed): the EMF QueueDepth',
    });
    const oldest = meter.createObservableGauge('healthsync.queue.oldest_waiting_age', {
      unit: 's',
      description: 'Age of the oldest job waiting to start',
    });
    const redisMemory = meter.createObservableGauge('healthsync.redis.memory.used', {
      unit: 'By',
      description: 'Redis used_memory (jobs hold whole chunks until they complete)',
    });
    meter.addBatchObservableCallback(
      async (result) => {
        try {
          const [s, memory] = await Promise.all([readQueueSnapshot(this.queue), this.redisUsedMemory()]);
          for (const state of ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const) {
            result.observe(jobs, s[state], { state });
          }
          result.observe(depth, queueDepth(s));
          result.observe(oldest, s.oldestWaitingAgeSeconds);
          if (memory !== undefined) result.observe(redisMemory, memory);
        } catch (err) {
          // A scrape during a Redis outage shows the gauges missing, not the scrape failing.
          this.logger.warn(`queue gauges not read: ${(err as Error).message}`);
        }
      },
      [jobs, depth, oldest, redisMemory],
    );
  }

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
      const snapshot = await readQueueSnapshot(this.queue);
      process.stdout.write(`${JSON.stringify(this.emf(snapshot, this.jobs.takeTotals()))}\n`);
    } catch (err) {
      this.logger.warn(`queue metrics not published: ${(err as Error).message}`);
    }
  }

  /**
   * Names and units here are what infra/lib/runtime-contract.ts, the alarms, autoscaling and the
   * dashboard expect. Queue numbers are queue-wide (every worker reports the same: read with Maximum);
   * job numbers are this worker's since its last line (read with Sum / Average / Maximum).
   */
  emf(snapshot: QueueSnapshot, jobs: JobTotals) {
    return emfRecord({ Environment: this.config.metrics.environment }, [
      { name: 'QueueDepth', unit: 'Count', value: queueDepth(snapshot) },
      { name: 'FailedJobs', unit: 'Count', value: snapshot.failed },
      { name: 'OldestJobAgeSeconds', unit: 'Seconds', value: Math.round(snapshot.oldestWaitingAgeSeconds) },
      { name: 'JobsCompleted', unit: 'Count', value: jobs.jobsCompleted },
      { name: 'JobAttemptsFailed', unit: 'Count', value: jobs.attemptsFailed },
      { name: 'SamplesStored', unit: 'Count', value: jobs.samplesStored },
      { name: 'JobDurationAvg', unit: 'Milliseconds', value: jobs.durationAvgMs },
      { name: 'JobDurationMax', unit: 'Milliseconds', value: jobs.durationMaxMs },
    ]);
  }

  private async redisUsedMemory(): Promise<number | undefined> {
    // BullMQ types its client loosely; it is ioredis, whose info() takes a section.
    const client = (await this.queue.backend.client) as unknown as { info(section: string): Promise<string> };
    const info = await client.info('memory');
    const match = /^used_memory:(\d+)/m.exec(info);
    return match ? Number(match[1]) : undefined;
  }
}
