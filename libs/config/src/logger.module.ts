import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/** JSON logs to stdout (CloudWatch picks them up); health probes are not worth a line each. */
export function structuredLoggerModule(level: string, service: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { service },
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
      redact: ['req.headers.authorization'],
    },
  });
}
