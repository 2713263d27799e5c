import { ApiConfig } from '@app/config';
import { emfRecord } from '@app/telemetry';
import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { OperationStats, OperationTotals } from './operation-stats';

/**
 * Every METRICS_INTERVAL_MS, one CloudWatch EMF line per GraphQL operation seen (dimensions
 * Environment + Operation): the dashboard's latency and errors by operation, without a collector.
 */
@Injectable()
export class ApiMetricsPublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly stats: OperationStats,
    private readonly config: ApiConfig,
  ) {}

  onApplicationBootstrap() {
    if (this.config.metrics.intervalMs > 0) {
      this.timer = setInterval(() => this.publish(), this.config.metrics.intervalMs);
      this.timer.unref();
    }
  }

  /** The last partial interval is printed too, so a stopping task does not drop its numbers. */
  onModuleDestroy() {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.publish();
  }

  publish() {
    for (const totals of this.stats.take()) process.stdout.write(`${JSON.stringify(this.emf(totals))}\n`);
  }

  emf(t: OperationTotals) {
    return emfRecord({ Environment: this.config.metrics.environment, Operation: t.operation }, [
      { name: 'Requests', unit: 'Count', value: t.requests },
      { name: 'ServerErrors', unit: 'Count', value: t.serverErrors },
      { name: 'ClientErrors', unit: 'Count', value: t.clientErrors },
      { name: 'LatencyAvg', unit: 'Milliseconds', value: t.latencyAvgMs },
      { name: 'LatencyMax', unit: 'Milliseconds', value: t.latencyMaxMs },
    ]);
  }
}
