import { WorkerConfig } from '@app/config';
import { StoreChunkJobData, storeChunkJobData, storeChunkJobId, SYNC_QUEUE, SyncJobName } from '@app/queue';
import { LOCK_SQL, OutboxCandidate, outboxCandidates, outboxRow } from '@app/store';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JobType, Queue } from 'bullmq';
import { DataSource, EntityManager } from 'typeorm';

/** States in which a job will still run by itself; anything else (absent, completed, failed) will not. */
const LIVE_STATES: ReadonlySet<JobType | 'unknown'> = new Set([
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
]);

/** Arbitrary but fixed: one sweeper at a time across all workers (they would only repeat each other). */
const BATCH = 200;
/**
 * The worker's Redis connection waits for Redis forever (BullMQ needs that); the sweep holds a
 * transaction open while it asks Redis, so each call gets a deadline and a Redis outage ends the
 * pass (rolled back, tried again next interval) instead of pinning a database connection.
 */
const REDIS_CALL_TIMEOUT_MS = 5_000;

function withDeadline<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${REDIS_CALL_TIMEOUT_MS} ms`)), REDIS_CALL_TIMEOUT_MS);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The transactional outbox's relay. PostgreSQL's ledger is the record of what must be stored;
 * Redis only delivers. A job can vanish while its chunk stays `queued`: the API's enqueue failed
 * after the ledger write, a Redis failover lost acknowledged writes, Redis was flushed or restored.
 * Every interval this finds chunks queued for longer than the grace period whose job will not run
 * by itself and enqueues their job again: the ledger reference, the worker reading the payload the
 * ledger keeps until the chunk is stored.
 * Chunks without a payload (written before the outbox existed) are left to the phone, whose next
 * sync re-sends them because the anchor has not moved.
 */
@Injectable()
export class OutboxSweepService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxSweepService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  /** Jobs enqueued again since start: an operator's (and a future metric's) sign of lost jobs. */
  private reEnqueued = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue<StoreChunkJobData>,
    private readonly config: WorkerConfig,
  ) {}

  get reEnqueuedTotal(): number {
    return this.reEnqueued;
  }

  onApplicationBootstrap() {
    const { sweepIntervalMs } = this.config.outbox;
    if (sweepIntervalMs === 0) return;
    this.timer = setInterval(() => void this.sweepOnce(), sweepIntervalMs);
    this.timer.unref();
  }

  async onModuleDestroy() {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; returns how many jobs it enqueued. Never throws: the next pass tries again. */
  sweepOnce(): Promise<number> {
    this.running ??= this.sweep()
      .catch((err) => {
        this.logger.warn(`outbox sweep failed: ${(err as Error).message}`);
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private sweep(): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const [{ locked }] = await em.query(LOCK_SQL.sweepTry);
      if (!locked) return 0;
      const candidates = await outboxCandidates(em, this.config.outbox.graceMs / 1000, BATCH);
      let enqueued = 0;
      for (const candidate of candidates) {
        const jobId = storeChunkJobId(candidate.job_uuid, candidate.revision);
        const state = await withDeadline(this.queue.getJobState(jobId));
        if (LIVE_STATES.has(state)) continue;
        if (await this.reEnqueue(em, candidate, jobId)) enqueued += 1;
      }
      if (enqueued > 0) {
        this.reEnqueued += enqueued;
        this.logger.warn(`outbox sweep enqueued ${enqueued} chunks whose jobs were lost`);
      }
      return enqueued;
    });
  }

  private async reEnqueue(em: EntityManager, candidate: OutboxCandidate, jobId: string) {
    const row = await outboxRow(em, candidate);
    if (!row) return false; // stored or superseded since the candidates were read
    // A completed or failed job under this id makes add() a no-op; the ledger says the chunk is not
    // stored (Redis and PostgreSQL disagree after a restore or a lost write), so the ledger wins.
    await withDeadline(this.queue.remove(jobId)).catch(() => undefined);
    const data = storeChunkJobData({
      chunkId: row.id,
      jobUuid: row.job_uuid,
      revision: row.revision,
      dataType: row.data_type,
      chunkIndex: row.chunk_index,
    });
    await withDeadline(this.queue.add(SyncJobName.StoreChunk, data, { jobId }));
    return true;
  }
}
