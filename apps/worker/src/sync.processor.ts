import { WorkerConfig } from '@app/config';
import { describeDbError, isDatabaseUnavailable, isPermanentDbError, sqlStateOf } from '@app/database';
import { writePosition } from '@app/health-data';
import { chunkJobRef, StoreChunkJobData, SYNC_QUEUE } from '@app/queue';
import {
  admitChunk,
  ChunkAdmission,
  ChunkPayloadError,
  ChunkWriteResult,
  completeChunk,
  CompletionOutcome,
  markChunkFailed,
  openSyncRun,
  SupersededRevisionError,
  writeChunk,
} from '@app/store';
import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { DataSource } from 'typeorm';

export interface StoreChunkOutcome extends ChunkWriteResult {
  /** Nothing stored when the ledger row says so (see ChunkAdmission's reasons). */
  sync: CompletionOutcome | Extract<ChunkAdmission, { mayStore: false }>['reason'];
}

const NOTHING_WRITTEN = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, tables: {} };

/** A job whose payload cannot be stored however often it is tried. */
class PoisonChunkError extends Error {}

// autorun off: started once Nest is up. WorkerModule.forRoot re-applies this decorator with the
// validated config (concurrency, lock duration, stalled check).
@Processor(SYNC_QUEUE, { autorun: false })
export class SyncProcessor extends WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SyncProcessor.name);
  /** When a job last started or ended here: the health check's measure of progress. */
  lastActivityAt = Date.now();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    private readonly config: WorkerConfig,
  ) {
    super();
  }

  onApplicationBootstrap() {
    this.worker.run().catch((err) => this.logger.error(`worker stopped: ${(err as Error).message}`));
  }

  /**
   * Runs before the database pool is closed on shutdown: stop taking jobs and let the active
   * ones finish while their transactions can still commit. main.ts bounds how long this may take.
   */
  async onModuleDestroy() {
    await this.worker.close();
  }

  async process(job: Job<StoreChunkJobData>): Promise<StoreChunkOutcome> {
    this.lastActivityAt = Date.now();
    // Today's jobs, and those an older version queued (whole payload, or a spent marker), alike: the
    // chunk is read from the ledger row the reference names.
    const ref = chunkJobRef(job.data);
    try {
      if (!ref) throw new PoisonChunkError('job data names no ledger row');
      const outcome = await this.store(ref);
      this.logger.debug(`chunk ${ref.chunkId} r${ref.revision}: ${JSON.stringify(outcome)}`);
      return outcome;
    } catch (err) {
      if (isDatabaseUnavailable(err)) await this.waitForDatabase(err);
      const permanent = err instanceof PoisonChunkError || err instanceof ChunkPayloadError || isPermanentDbError(err);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const reason = failureReason(err);
      if (ref && (permanent || lastAttempt)) await this.recordFailure(ref, reason);
      this.logger.warn(`chunk ${ref?.chunkId} attempt ${job.attemptsMade + 1} failed: ${loggable(err)}`);
      // Unrecoverable: BullMQ fails it now instead of retrying the same input into the same error.
      if (permanent) throw new UnrecoverableError(reason);
      // The job's failedReason and stack are kept in Redis: PostgreSQL's message may quote a value.
      throw sqlStateOf(err) ? new Error(reason) : err;
    } finally {
      this.lastActivityAt = Date.now();
    }
  }

  /**
   * Data, chunk status and (maybe) the anchor commit together or not at all. The attempt fails
   * after the job time limit; its transaction cannot outlive that by more than one statement
   * (statement_timeout is the same limit), and should it still commit, the retry finds nothing
   * left to change.
   */
  private store(ref: StoreChunkJobData): Promise<StoreChunkOutcome> {
    const work = this.dataSource
      .transaction(async (em): Promise<StoreChunkOutcome> => {
        const admission = await admitChunk(em, ref);
        if (!admission.mayStore) return { ...NOTHING_WRITTEN, sync: admission.reason };
        const data = admission.chunk;
        // The sync's place in the order syncs started, read from the database, not carried in the job:
        // after a restore the job may name a run the database no longer has. A sync begun before
        // sync runs existed (a job queued across the upgrade) gets its run now.
        const syncSeq = admission.syncSeq ?? (await openSyncRun(em, data.userId, data.dataType, data.syncKey, null)).id;
        const position = writePosition(syncSeq, data.chunkIndex);
        const written = await writeChunk(em, data.userId, data.rows, data.deletedUuids, position);
        const sync = await completeChunk(em, data);
        return { ...written, sync };
      })
      // Rolled back: a superseded revision writes nothing.
      .catch((err: unknown) => {
        if (err instanceof SupersededRevisionError) return { ...NOTHING_WRITTEN, sync: 'superseded' as const };
        throw err;
      });
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`job time limit of ${this.config.jobTimeoutMs} ms exceeded`)),
        this.config.jobTimeoutMs,
      );
    });
    return Promise.race([work, limit]).finally(() => clearTimeout(timer));
  }

  /**
   * The database cannot serve anyone (a failover, a restart, too many connections): no chunk is to
   * blame, so none may use up its attempts. Every worker of the queue takes no job for a while
   * (BullMQ's manual rate limit, kept in Redis) and this job goes back to waiting without counting
   * an attempt; it runs again once the wait is over, as often as the outage needs.
   */
  private async waitForDatabase(err: unknown): Promise<never> {
    const waitMs = this.config.dbUnavailableWaitMs;
    this.logger.warn(`database unavailable (${loggable(err)}): no job for ${waitMs} ms, the chunk waits`);
    try {
      await this.queue.rateLimit(waitMs);
    } catch {
      // Redis is gone too: the job fails this attempt like any other error and is retried later.
      throw err;
    }
    throw Worker.RateLimitError();
  }

  private async recordFailure(data: StoreChunkJobData, message: string) {
    try {
      await markChunkFailed(this.dataSource.manager, data, message);
    } catch (err) {
      this.logger.error(`could not record failure of chunk ${data.chunkId}: ${(err as Error).message}`);
    }
  }
}

/**
 * PostgreSQL quotes the offending value in many messages (`invalid input syntax for type timestamp:
 * "…"`): the log gets the SQLSTATE only; the full message stays in the ledger row's `error`.
 */
function loggable(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return `PostgreSQL error SQLSTATE ${code}`;
  return (err as Error)?.message ?? String(err);
}

/** What the ledger row says about a failure: never a value of the chunk (PostgreSQL quotes them). */
function failureReason(err: unknown): string {
  if (sqlStateOf(err)) return describeDbError(err);
  return (err as Error)?.message ?? String(err);
}
