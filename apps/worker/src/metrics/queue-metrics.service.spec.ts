import { WorkerConfig } from '@app/config';
import type { Queue } from 'bullmq';
import { JobMetricsService } from './job-metrics.service';
import { QueueMetricsService } from './queue-metrics.service';
import { queueDepth } from './queue-snapshot';

const config = WorkerConfig.fromEnv({
  DATABASE_URL: 'postgres://x@localhost/x',
  REDIS_URL: 'redis://localhost',
  METRICS_ENVIRONMENT: 'prod',
});
const snapshot = { waiting: 5, prioritized: 1, active: 3, delayed: 2, failed: 7, oldestWaitingAgeSeconds: 42.4 };
const totals = { jobsCompleted: 9, attemptsFailed: 1, samplesStored: 1800, durationAvgMs: 40, durationMaxMs: 120 };

describe('queue metrics', () => {
  it('QueueDepth is jobs not yet started: waiting + prioritized + delayed, not active or failed', () => {
    expect(queueDepth(snapshot)).toBe(8);
  });

  it('the EMF line carries the queue and the interval job totals under the names alarms, scaling and the dashboard use', () => {
    const line = new QueueMetricsService({} as Queue, config, {} as JobMetricsService).emf(snapshot, totals);
    expect(line).toMatchObject({
      Environment: 'prod',
      QueueDepth: 8,
      FailedJobs: 7,
      OldestJobAgeSeconds: 42,
      JobsCompleted: 9,
      JobAttemptsFailed: 1,
      SamplesStored: 1800,
      JobDurationAvg: 40,
      JobDurationMax: 120,
    });
    expect(line._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'HealthSync',
      Dimensions: [['Environment']],
      Metrics: expect.arrayContaining([
        { Name: 'QueueDepth', Unit: 'Count' },
        { Name: 'FailedJobs', Unit: 'Count' },
        { Name: 'OldestJobAgeSeconds', Unit: 'Seconds' },
        { Name: 'SamplesStored', Unit: 'Count' },
        { Name: 'JobDurationAvg', Unit: 'Milliseconds' },
      ]),
    });
  });

  it('job totals cover one interval: taking them starts the next', () => {
    const jobs = new JobMetricsService({ worker: { on: () => undefined } } as never);
    const job = (ms: number) => ({ processedOn: 1_000, finishedOn: 1_000 + ms, attemptsMade: 1 }) as never;
    jobs.completed(job(30), {
      tables: { healthkit_sample: { inserted: 150, updated: 20, unchanged: 30 } },
      sync: 'pending',
    } as never);
    jobs.completed(job(90), { tables: {}, sync: 'advanced' } as never);
    expect(jobs.takeTotals()).toEqual({
      jobsCompleted: 2,
      attemptsFailed: 0,
      samplesStored: 170,
      durationAvgMs: 60,
      durationMaxMs: 90,
    });
    expect(jobs.takeTotals()).toEqual({
      jobsCompleted: 0,
      attemptsFailed: 0,
      samplesStored: 0,
      durationAvgMs: 0,
      durationMaxMs: 0,
    });
  });
});
