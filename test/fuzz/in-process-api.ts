import { ApiConfig } from '@app/config';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../apps/api/src/app.module';
import { jsonBodyOptions } from '../../apps/api/src/sync/request-body';

/**
 * The API module in this process, listening on an ephemeral port, configured exactly as main.ts
 * does: thousands of requests a second without a child process in between.
 */
export async function startInProcessApi(env: Record<string, string>): Promise<{ app: INestApplication; baseUrl: string }> {
  const config = ApiConfig.fromEnv(env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger: false, bodyParser: false });
  app.useBodyParser('json', jsonBodyOptions(config.bodyLimitBytes));
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return { app, baseUrl: `http://127.0.0.1:${address.port}` };
}
