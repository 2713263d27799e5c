import { AppConfigModule, structuredLoggerModule, WorkerConfig } from '@app/config';
import { DatabaseModule } from '@app/database';
import { defaultJobOptions, RedisHealthIndicator, redisOptions, SYNC_QUEUE } from '@app/queue';
import { queueTelemetry, TelemetryModule } from '@app/telemetry';
import { BullModule, Processor } from '@nestjs/bullmq';
import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health/health.controller';
import { WorkerRunningIndicator } from './health/worker-running.health';
import { JobMetricsService } from './metrics/job-metrics.service';
import { QueueMetricsService } from './metrics/queue-metrics.service';
import { OutboxSweepService } from './outbox/outbox-sweep.service';
import { RetentionService } from './retention/retention.service';
import { SyncProcessor } from './sync.processor';

/** Headless: consumes the sync queue; its only HTTP routes are Terminus and /metrics. */
@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    // Worker options come from the decorator's metadata, which is read when Nest boots; applying the
    // decorator again here is how validated config (not constants) reaches BullMQ's Worker.
    Processor(SYNC_QUEUE, {
      autorun: false,
      concurrency: config.concurrency,
      lockDuration: config.lockDurationMs,
      stalledInterval: config.stalledIntervalMs,
      // A job whose worker died twice while holding it (e.g. a chunk that makes the process run out
      // of memory) fails instead of taking down worker after worker.
      maxStalledCount: 1,
    })(SyncProcessor);
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forWorker(config),
        structuredLoggerModule(config.logLevel, 'worker'),
        // No statement of a job may outlive the job time limit.
        DatabaseModule.forRoot(config.database, 'healthsync-worker', { statementTimeoutMs: config.jobTimeoutMs }),
        BullModule.forRoot({
          connection: redisOptions(config.redis, 'consumer'),
          prefix: config.queue.prefix,
          defaultJobOptions: defaultJobOptions(config.queue),
          telemetry: queueTelemetry(config.telemetry),
        }),
        BullModule.registerQueue({ name: SYNC_QUEUE }),
        TerminusModule.forRoot({ logger: false }),
        TelemetryModule.forRoot(),
      ],
      controllers: [HealthController],
      providers: [
        SyncProcessor,
        WorkerRunningIndicator,
        RedisHealthIndicator,
        QueueMetricsService,
        JobMetricsService,
        OutboxSweepService,
        RetentionService,
      ],
    };
  }
}
