import { WorkerConfig } from '@app/config';
import type { Queue } from 'bullmq';
import { QueueMetricsService } from './queue-metrics.service';
import { queueDepth } from './queue-snapshot';

const config = WorkerConfig.fromEnv({
  DATABASE_URL: 'postgres://x@localhost/x',
  REDIS_URL: 'redis://localhost',
  METRICS_ENVIRONMENT: 'prod',
});
const snapshot = { waiting: 5, prioritized: 1, active: 3, delayed: 2, failed: 7, oldestWaitingAgeSeconds: 42.4 };

describe('queue metrics', () => {
  it('QueueDepth is jobs not yet started: waiting + prioritized + delayed, not active or failed', () => {
    expect(queueDepth(snapshot)).toBe(8);
  });

  it('the EMF line carries depth, failures and oldest age under the names the alarms and scaling use', () => {
    const line = new QueueMetricsService({} as Queue, config).emf(snapshot);
    expect(line).toMatchObject({ Environment: 'prod', QueueDepth: 8, FailedJobs: 7, OldestJobAgeSeconds: 42 });
    expect(line._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'HealthSync',
      Dimensions: [['Environment']],
      Metrics: [
        { Name: 'QueueDepth', Unit: 'Count' },
        { Name: 'FailedJobs', Unit: 'Count' },
        { Name: 'OldestJobAgeSeconds', Unit: 'Seconds' },
      ],
    });
  });
});
