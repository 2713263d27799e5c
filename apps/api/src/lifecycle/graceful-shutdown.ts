import type { ApiConfig } from '@app/config';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { DrainState } from './drain-state';

/**
 * SIGTERM (ECS stopping the task) or SIGINT:
 * 1. readiness turns false at once, so the load balancer stops sending new requests;
 * 2. after SHUTDOWN_READINESS_DELAY_MS (time for the balancer to notice) the HTTP server stops
 *    accepting and the requests in flight finish; then the queue, Apollo and the pool close;
 * 3. if that takes longer than SHUTDOWN_TIMEOUT_MS we exit anyway (1) before ECS's SIGKILL
 *    (stopTimeout 30 s): a phone whose request was cut retries the chunk, which is idempotent.
 */
export function installGracefulShutdown(app: INestApplication, config: ApiConfig, logger: LoggerService): void {
  const drain = app.get(DrainState);
  const { readinessDelayMs, timeoutMs } = config.shutdown;
  const stop = async (signal: NodeJS.Signals) => {
    if (drain.draining) return;
    drain.draining = true;
    logger.log(`${signal}: readiness is false; closing in ${readinessDelayMs} ms, exit at the latest after ${timeoutMs} ms`);
    setTimeout(() => {
      process.stderr.write(`api: shutdown deadline of ${timeoutMs} ms passed, exiting\n`);
      process.exit(1);
    }, timeoutMs).unref();
    await new Promise((resolve) => setTimeout(resolve, readinessDelayMs));
    try {
      await app.close();
      process.exit(0);
    } catch (err) {
      process.stderr.write(`api: shutdown failed: ${(err as Error).message}\n`);
      process.exit(1);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void stop(signal));
}
