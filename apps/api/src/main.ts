// First: validates the environment and starts telemetry before the instrumented modules load.
import { config } from './instrument';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { installGracefulShutdown } from './lifecycle/graceful-shutdown';
import { startQueueAdmin } from './queue-admin/queue-admin';
import { jsonBodyOptions } from './sync/request-body';

async function bootstrap() {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.useBodyParser('json', jsonBodyOptions(config.bodyLimitBytes));
  installGracefulShutdown(app, config, app.get(Logger));
  await app.listen(config.port, '0.0.0.0');
  await startQueueAdmin(app, app.get(Logger));
  app.get(Logger).log(`API listening on :${config.port} (GraphQL at /graphql)`);
}

void bootstrap().catch((err) => {
  process.stderr.write(`API failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
