import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { DbPoolMetrics } from './db-pool.metrics';
import { MetricsController } from './metrics.controller';
import { currentTelemetry } from './telemetry';

/** GET /metrics and the metrics every process has (its PostgreSQL pool). Needs DatabaseModule. */
@Module({})
export class TelemetryModule implements OnApplicationShutdown {
  static forRoot(): DynamicModule {
    return { module: TelemetryModule, controllers: [MetricsController], providers: [DbPoolMetrics] };
  }

  /** Last spans of a stopping process reach the collector instead of dying in the batch buffer. */
  async onApplicationShutdown() {
    await currentTelemetry().shutdown();
  }
}
