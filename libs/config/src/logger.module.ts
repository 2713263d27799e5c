import { DynamicModule } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { LoggerModule } from 'nestjs-pino';
import { createHash } from 'node:crypto';

/**
 * A stable pseudonym for a user id in logs: an operator can follow one user's requests and find
 * them again from a known id (hash it the same way), but the logs hold no raw user id.
 */
export function userRef(userId: string): string {
  return createHash('sha256').update(`health-sync-user:${userId}`).digest('hex').slice(0, 16);
}

/** The active trace on every line, so one search finds a chunk's path from mutation to SQL. */
function traceFields(): { traceId?: string } {
  const context = trace.getActiveSpan()?.spanContext();
  return context && isSpanContextValid(context) ? { traceId: context.traceId } : {};
}

/**
 * JSON logs to stdout (CloudWatch picks them up). A phone sends hundreds of chunks a sync, so a
 * request line holds only what an operator searches by; health probes get no line at all.
 */
export function structuredLoggerModule(level: string, service: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service },
      mixin: traceFields,
      autoLogging: { ignore: (req) => /^\/(health|metrics)/.test(req.url ?? '') },
      // Set by the API's auth guard: which user a slow or failing request belonged to, as a pseudonym.
      customProps: (req) => {
        const userId = (req as { userId?: string }).userId;
        return userId ? { userRef: userRef(userId) } : {};
      },
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
