import { WorkerConfig } from '@app/config';
import { isPermanentDbError } from '@app/database';
import {
  ChunkWriteResult,
  completeChunk,
  CompletionOutcome,
  markChunkFailed,
  mayStoreChunk,
  openSyncRun,
  SupersededRevisionError,
  writeChunk,
  writePosition,
} from '@app/health-data';
import { StoreChunkJobData, SYNC_QUEUE } from '@app/queue';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Job, UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';

export interface StoreChunkOutcome extends ChunkWriteResult {
  /** 'erased': the user's data is being or was erased since the chunk was queued; nothing stored. */
  sync: CompletionOutcome | 'erased';
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
    try {
      assertWellFormed(job.data);
      const outcome = await this.store(job.data);
      this.logger.debug(`chunk ${job.data.chunkId} r${job.data.revision}: ${JSON.stringify(outcome)}`);
      return outcome;
    } catch (err) {
      const permanent = err instanceof PoisonChunkError || isPermanentDbError(err);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const message = (err as Error).message;
      if (permanent || lastAttempt) await this.recordFailure(job.data, message);
      this.logger.warn(`chunk ${job.data?.chunkId} attempt ${job.attemptsMade + 1} failed: ${loggable(err)}`);
      // Unrecoverable: BullMQ fails it now instead of retrying; it stays in the failed set for inspection.
      if (permanent) throw new UnrecoverableError(message);
      throw err;
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
  private store(data: StoreChunkJobData): Promise<StoreChunkOutcome> {
    const work = this.dataSource
      .transaction(async (em): Promise<StoreChunkOutcome> => {
        if (!(await mayStoreChunk(em, data.userId, data.chunkId))) return { ...NOTHING_WRITTEN, sync: 'erased' };
        // The sync's place in the order syncs started, read from the database, not carried in the job:
        // after a restore the job may name a run the database no longer has. A sync begun before
        // sync runs existed (a job queued across the upgrade) gets its run now.
        const syncSeq = (await openSyncRun(em, data.userId, data.dataType, data.syncKey, null)).id;
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

  private async recordFailure(data: StoreChunkJobData, message: string) {
    if (!data?.chunkId || !data.jobUuid || !Number.isInteger(data.revision)) return;
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

function assertWellFormed(data: StoreChunkJobData) {
  const ok =
    data &&
    typeof data.chunkId === 'string' &&
    typeof data.jobUuid === 'string' &&
    typeof data.userId === 'string' &&
    typeof data.syncKey === 'string' &&
    Number.isInteger(data.revision) &&
    Number.isInteger(data.chunkIndex) &&
    Array.isArray(data.rows?.sources) &&
    typeof data.rows?.tables === 'object' &&
    Array.isArray(data.deletedUuids);
  if (!ok) throw new PoisonChunkError('job payload is not a StoreChunkJobData');
}
