import { appMeter } from '@app/telemetry';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Counter, Histogram } from '@opentelemetry/api';
import type { Job } from 'bullmq';
import type { BatchResult } from '../chunk-batcher';
import { StoreChunkOutcome, SyncProcessor } from '../sync.processor';

const SECONDS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** What the worker did since the last EMF line (CloudWatch gets totals per interval, Prometheus counters). */
export interface JobTotals {
  jobsCompleted: number;
  attemptsFailed: number;
  samplesStored: number;
  durationAvgMs: number;
  durationMaxMs: number;
}

/**
 * What the worker did, from BullMQ's own completed/failed events (the processor stays about storing):
 * attempt duration and outcome, attempts a job needed, rows per table and result, anchors moved.
 */
@Injectable()
export class JobMetricsService implements OnApplicationBootstrap {
  private readonly duration: Histogram;
  private readonly attempts: Histogram;
  private readonly rows: Counter;
  private readonly anchors: Counter;
  private readonly batchChunks: Histogram;
  private window = { completed: 0, failed: 0, stored: 0, durationSumMs: 0, durationMaxMs: 0 };

  constructor(private readonly processor: SyncProcessor) {
    const meter = appMeter();
    this.duration = meter.createHistogram('healthsync.job.duration', {
      unit: 's',
      description: 'Sync job attempt duration by outcome (completed, failed)',
      advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
    });
    this.attempts = meter.createHistogram('healthsync.job.attempts', {
      description: 'Attempts a sync job took, recorded when it completes or fails for good',
      advice: { explicitBucketBoundaries: [1, 2, 3, 5, 10] },
    });
    this.rows = meter.createCounter('healthsync.samples.stored', {
      description: 'Rows written by the worker per table and result (inserted, updated, unchanged)',
    });
    this.anchors = meter.createCounter('healthsync.sync.anchors_advanced', {
      description: 'Sync anchors moved (a whole sync stored)',
    });
    this.batchChunks = meter.createHistogram('healthsync.worker.batch_chunks', {
      description: 'Chunks per batch transaction, by result (committed, retried one by one, failed)',
      advice: { explicitBucketBoundaries: [1, 2, 4, 8, 16, 32, 64] },
    });
  }

  onApplicationBootstrap() {
    const worker = this.processor.worker;
    worker.on('completed', (job: Job, outcome: StoreChunkOutcome) => this.completed(job, outcome));
    worker.on('failed', (job: Job | undefined) => job && this.failed(job));
    this.processor.batches.on('batch', (size: number, result: BatchResult) => this.batchChunks.record(size, { result }));
  }

  /** Totals since the last call, then starts a new interval. */
  takeTotals(): JobTotals {
    const w = this.window;
    this.window = { completed: 0, failed: 0, stored: 0, durationSumMs: 0, durationMaxMs: 0 };
    const attempts = w.completed + w.failed;
    return {
      jobsCompleted: w.completed,
      attemptsFailed: w.failed,
      samplesStored: w.stored,
      durationAvgMs: attempts > 0 ? Math.round(w.durationSumMs / attempts) : 0,
      durationMaxMs: w.durationMaxMs,
    };
  }

  private timed(job: Job): number {
    const seconds = secondsOf(job);
    this.window.durationSumMs += seconds * 1000;
    this.window.durationMaxMs = Math.max(this.window.durationMaxMs, Math.round(seconds * 1000));
    return seconds;
  }

  completed(job: Job, outcome: StoreChunkOutcome) {
    this.window.completed++;
    this.duration.record(this.timed(job), { outcome: 'completed' });
    this.attempts.record(job.attemptsMade);
    for (const [table, counts] of Object.entries(outcome?.tables ?? {})) {
      for (const result of ['inserted', 'updated', 'unchanged'] as const) {
        if (counts[result] > 0) this.rows.add(counts[result], { table, result });
      }
      this.window.stored += counts.inserted + counts.updated;
    }
    if (outcome?.sync === 'advanced') this.anchors.add(1);
  }

  failed(job: Job) {
    this.window.failed++;
    this.duration.record(this.timed(job), { outcome: 'failed' });
    // The last attempt (or an unrecoverable one): BullMQ will not run this job again by itself.
    const final = job.finishedOn !== undefined;
    if (final) this.attempts.record(job.attemptsMade);
  }
}

function secondsOf(job: Job): number {
  const end = job.finishedOn ?? Date.now();
  return job.processedOn ? Math.max(0, end - job.processedOn) / 1000 : 0;
}
