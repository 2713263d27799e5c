import { Meter, metrics } from '@opentelemetry/api';

/**
 * The app's one meter. Call it when a provider is constructed, never at module load: the global
 * meter provider is a no-op until startTelemetry has run, and instruments taken from it stay no-ops.
 */
export function appMeter(): Meter {
  return metrics.getMeter('health-sync');
}
