import { DynamicModule } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { LoggerModule } from 'nestjs-pino';
import { createHash } from 'node:crypto';

/**
 * A stable pseudonym for a user id: operators can follow one user across log lines without the
 * logs holding the id itself (the JWT `sub` may be an e-mail address or a provider's user id).
 */
export function userRef(userId: string): string {
  return createHash('sha256').update(userId).digest('hex').slice(0, 16);
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
      // Set by the API's auth guard: which user a slow or failing request belonged to (pseudonymised).
      customProps: (req) => {
        const userId = (req as { userId?: string }).userId;
        return userId ? { user: userRef(userId) } : {};
      },
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: ['req.headers.authorization'],
    },
  });
}
