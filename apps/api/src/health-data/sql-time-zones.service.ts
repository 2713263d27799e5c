import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * The zone names PostgreSQL knows (pg_timezone_names), read once per process. Node's ICU and
 * PostgreSQL's tz database differ (a name one accepts the other may not, e.g. US/Pacific-New),
 * and a read cuts its buckets in PostgreSQL with AT TIME ZONE: a name only Node knows would fail
 * inside the statement and answer 500. A failed read is not cached, so the next request tries again.
 */
@Injectable()
export class SqlTimeZones implements OnApplicationBootstrap {
  private readonly logger = new Logger(SqlTimeZones.name);
  private loading: Promise<ReadonlySet<string>> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Read at start (pg_timezone_names reads the tz files: tens of ms), so no user's first read waits for it. */
  onApplicationBootstrap(): void {
    this.names().catch((err: unknown) => this.logger.warn(`time zone names not read yet: ${(err as Error).message}`));
  }

  names(): Promise<ReadonlySet<string>> {
    this.loading ??= this.dataSource
      .query<{ name: string }[]>('SELECT name FROM pg_timezone_names')
      .then((rows) => new Set(rows.map((r) => r.name)))
      .catch((err: unknown) => {
        this.loading = null;
        throw err;
      });
    return this.loading;
  }
}
