import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * The zone names PostgreSQL knows (pg_timezone_names), read once per process. Node's ICU and
 * PostgreSQL's tz database differ (a name one accepts the other may not, e.g. US/Pacific-New),
 * and a read cuts its buckets in PostgreSQL with AT TIME ZONE: a name only Node knows would fail
 * inside the statement and answer 500. A failed read is not cached, so the next request tries again.
 */
@Injectable()
export class SqlTimeZones {
  private loading: Promise<ReadonlySet<string>> | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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
