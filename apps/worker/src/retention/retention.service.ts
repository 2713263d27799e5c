import { WorkerConfig } from '@app/config';
import { retentionCutoff } from '@app/health-data/retention';
import { LOCK_SQL, RetentionResult, runDerivedRetention, runRetention } from '@app/store';
import { appMeter } from '@app/telemetry';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Counter } from '@opentelemetry/api';
import { DataSource } from 'typeorm';

/** Arbitrary but fixed, beside the outbox sweep's: one retention run at a time across all workers. */

/**
 * Deletes health rows older than RETENTION_MAX_AGE_DAYS (libs/health-data/src/retention), every
 * RETENTION_INTERVAL and once shortly after start (a task replaced by every deploy would otherwise
 * never reach a 24 h timer). Off unless the age is set. The run holds a session advisory lock on
 * one pooled connection, so a second worker skips its turn; the batches run on other connections,
 * each its own short transaction. Logs counts only.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RetentionService.name);
  private timers: NodeJS.Timeout[] = [];
  private running?: Promise<RetentionResult | null>;
  private readonly stop = new AbortController();
  private readonly rowsDeleted: Counter;
  private readonly runs: Counter;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: WorkerConfig,
  ) {
    const meter = appMeter();
    this.rowsDeleted = meter.createCounter('healthsync.retention.rows_deleted', {
      description: 'Rows deleted by retention, per table',
    });
    this.runs = meter.createCounter('healthsync.retention.runs', {
      description: 'Retention runs by outcome (completed, stopped, skipped: another worker held the lock, failed)',
    });
  }

  get enabled(): boolean {
    return this.config.retention.maxAgeDays > 0;
  }

  onApplicationBootstrap() {
    if (!this.enabled) return;
    const { intervalMs } = this.config.retention;
    // The first run waits RETENTION_FIRST_RUN_DELAY (or the interval, if shorter), then one runs every interval.
    const first = setTimeout(() => void this.runOnce(), Math.min(this.config.retention.firstRunDelayMs, intervalMs));
    const every = setInterval(() => void this.runOnce(), intervalMs);
    this.timers = [first, every];
    this.timers.forEach((t) => t.unref());
  }

  async onModuleDestroy() {
    this.timers.forEach((t) => clearTimeout(t));
    this.stop.abort(); // the run ends after its current batch
    await this.running?.catch(() => undefined);
  }

  /** One run; null when off or another worker is running one. Never throws: the next interval tries again. */
  runOnce(now = new Date()): Promise<RetentionResult | null> {
    if (!this.enabled) return Promise.resolve(null);
    this.running ??= this.run(now)
      .catch((err) => {
        this.runs.add(1, { outcome: 'failed' });
        this.logger.warn(`retention run failed: ${(err as Error).message}`);
        return null;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(now: Date): Promise<RetentionResult | null> {
    const { maxAgeDays, batchSize } = this.config.retention;
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      const [{ locked }] = await lock.query(LOCK_SQL.retentionTry);
      if (!locked) {
        this.runs.add(1, { outcome: 'skipped' });
        return null;
      }
      try {
        const started = Date.now();
        const cutoff = retentionCutoff(now, maxAgeDays);
        const result = await runRetention(this.dataSource, { cutoff, batchSize, signal: this.stop.signal });
        // What was derived from health data ages out with it (docs/operations.md#retention).
        const derived = await runDerivedRetention(this.dataSource, { cutoff, batchSize, signal: this.stop.signal });
        const deleted: Record<string, number> = { ...result.deleted, sample_context: result.unusedContextsDeleted, ...derived };
        for (const [table, n] of Object.entries(deleted)) if (n > 0) this.rowsDeleted.add(n, { table });
        this.runs.add(1, { outcome: result.stopped || this.stop.signal.aborted ? 'stopped' : 'completed' });
        const counts = Object.entries(deleted)
          .map(([table, n]) => `${table} ${n}`)
          .join(', ');
        this.logger.log(
          `retention ${result.stopped ? 'stopped' : 'done'}: rows ending before ${cutoff.toISOString()} deleted (${counts}); ` +
            `${result.usersTrimmed} of ${result.usersVisited} users had some, ${result.batches} batches, ${Date.now() - started} ms`,
        );
        return result;
      } finally {
        await lock.query(LOCK_SQL.retentionRelease);
      }
    } finally {
      await lock.release();
    }
  }
}
