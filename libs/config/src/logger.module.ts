import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/**
 * JSON logs to stdout (CloudWatch picks them up). A phone sends hundreds of chunks a sync, so a
 * request line holds only what an operator searches by; health probes get no line at all.
 */
export function structuredLoggerModule(level: string, service: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
      // Set by the API's auth guard: which user a slow or failing request belonged to.
      customProps: (req) => ({ userId: (req as { userId?: string }).userId }),
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        // A database error carries its statement's parameters (user ids, health values, payloads)
        // and the driver's copy of them: an error line keeps what explains it, never the data.
        err: (err: { type?: string; name?: string; message?: string; code?: unknown; stack?: string }) => ({
          type: err.type ?? err.name,
          message: err.message,
          code: err.code,
          stack: err.stack,
        }),
      },
      redact: ['req.headers.authorization'],
    },
  });
}
