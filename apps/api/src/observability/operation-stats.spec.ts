import { ApiConfig } from '@app/config';
import { ApiMetricsPublisher } from './api-metrics-publisher.service';
import { OperationStats } from './operation-stats';

const config = ApiConfig.fromEnv({
  DATABASE_URL: 'postgres://x@localhost/x',
  REDIS_URL: 'redis://localhost',
  JWT_SECRET: 'x'.repeat(32),
  METRICS_ENVIRONMENT: 'uat',
});

describe('API EMF per operation', () => {
  it('counts requests, server and client errors and latency per operation for one interval', () => {
    const stats = new OperationStats();
    stats.record('syncHealthKitSamples', 'ok', 40);
    stats.record('syncHealthKitSamples', 'SERVICE_UNAVAILABLE', 100);
    stats.record('syncHealthKitSamples', 'RATE_LIMITED', 1);
    stats.record('samples', 'ok', 12);
    const [sync, samples] = stats.take();
    expect(sync).toEqual({
      operation: 'syncHealthKitSamples',
      requests: 3,
      serverErrors: 1,
      clientErrors: 1,
      latencyAvgMs: 47,
      latencyMaxMs: 100,
    });
    expect(samples).toMatchObject({ operation: 'samples', requests: 1, serverErrors: 0 });
    expect(stats.take()).toEqual([]);

    const line = new ApiMetricsPublisher(stats, config).emf(sync);
    expect(line).toMatchObject({
      Environment: 'uat',
      Operation: 'syncHealthKitSamples',
      Requests: 3,
      ServerErrors: 1,
      LatencyAvg: 47,
    });
    expect(line._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: 'HealthSync', Dimensions: [['Environment', 'Operation']] });
  });
});
