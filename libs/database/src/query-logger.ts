import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's own logger prints a failed statement with its parameters: user ids, health values,
 * record UUIDs and raw payloads would land in the logs. This one says which statement failed
 * (its first words) and why, never with what.
 */
export class ParameterFreeQueryLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  logQuery() {}

  logQueryError(error: string | Error, query: string) {
    this.logger.warn(`statement failed (${statementHead(query)}): ${typeof error === 'string' ? error : error.message}`);
  }

  logQuerySlow(time: number, query: string) {
    this.logger.warn(`slow statement (${time} ms): ${statementHead(query)}`);
  }

  logSchemaBuild() {}

  logMigration(message: string) {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown) {
    if (level === 'warn') this.logger.warn(String(message));
  }
}

/** The statement's first words (e.g. `WITH chunk_user AS ( SELECT id FROM app_user`): enough to find it in the code. */
export function statementHead(query: string): string {
  return query.replace(/\s+/g, ' ').trim().slice(0, 60);
}
