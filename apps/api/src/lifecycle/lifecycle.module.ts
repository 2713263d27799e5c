import { Global, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DrainState } from './drain-state';

@Global()
@Module({ providers: [DrainState], exports: [DrainState] })
export class LifecycleModule implements NestModule {
  constructor(private readonly drain: DrainState) {}

  /** While draining, a keep-alive client is told to open its next connection to another task. */
  configure(consumer: MiddlewareConsumer) {
    consumer
      .apply((_req: IncomingMessage, res: ServerResponse, next: () => void) => {
        if (this.drain.draining) res.setHeader('Connection', 'close');
        next();
      })
      .forRoutes('*');
  }
}
