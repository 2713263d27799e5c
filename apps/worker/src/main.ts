// First: validates the environment and starts telemetry before the instrumented modules load.
import { config } from './instrument';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

async function bootstrap() {
  const app = await NestFactory.create(WorkerModule.forRoot(config), { bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  // Active jobs get until the deadline to finish (ECS stopTimeout must be longer); after that we
  // exit anyway and BullMQ hands the unfinished jobs to another worker as stalled: they are idempotent.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(`worker: shutdown deadline of ${config.shutdownTimeoutMs} ms passed, exiting\n`);
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
    });
  }
  await app.listen(config.healthPort, '0.0.0.0');
  logger.log(`worker consuming with concurrency ${config.concurrency}; health on :${config.healthPort}`);
}

void bootstrap().catch((err) => {
  process.stderr.write(`worker failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
