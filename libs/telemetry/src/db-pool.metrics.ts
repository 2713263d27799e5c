import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { appMeter } from './meter';

/**
 * Connections of this process's PostgreSQL pool, read at scrape time. Requests waiting for a
 * connection are the first sign that DATABASE_POOL_SIZE (or RDS max_connections) is too small.
 */
@Injectable()
export class DbPoolMetrics implements OnModuleInit {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit() {
    const meter = appMeter();
    const connections = meter.createObservableGauge('healthsync.db.pool.connections', {
      description: 'PostgreSQL pool connections of this process by state (in_use, idle)',
    });
    const waiting = meter.createObservableGauge('healthsync.db.pool.waiting', {
      description: 'Queries of this process waiting for a free PostgreSQL connection',
    });
    meter.addBatchObservableCallback(
      (result) => {
        const pool = this.pool();
        if (!pool) return;
        result.observe(connections, pool.totalCount - pool.idleCount, { state: 'in_use' });
        result.observe(connections, pool.idleCount, { state: 'idle' });
        result.observe(waiting, pool.waitingCount);
      },
      [connections, waiting],
    );
  }

  private pool(): Pool | undefined {
    if (!this.dataSource.isInitialized) return undefined;
    return (this.dataSource.driver as unknown as { master?: Pool }).master;
  }
}
