import { ApiConfig } from '@app/config';
import {
  ChunkRef,
  ErasureRecord,
  latestErasure,
  recordErasureCount,
  runErasure,
  staleErasures,
  startErasure,
  userChunkRefs,
} from '@app/store';
import { storeChunkJobId, SYNC_QUEUE } from '@app/queue';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';

/** An erasure whose record has not moved for this long is taken to have lost its process. */
const STALE_AFTER_SECONDS = 120;
const JOB_REMOVALS_IN_PARALLEL = 50;

/**
 * "Delete my health data": records the erasure (the worker then stores nothing more for the user),
 * removes the user's jobs from the queue (they hold whole chunks), and deletes the rows in batches
 * in the background; the caller follows progress with healthDataErasure.
 */
@Injectable()
export class ErasureService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ErasureService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    private readonly config: ApiConfig,
  ) {}

  /** An API task that stopped mid-erasure leaves it running: any task picks it up when it starts. */
  onApplicationBootstrap() {
    void staleErasures(this.dataSource, STALE_AFTER_SECONDS)
      .then((stale) => stale.forEach((e) => this.runInBackground(e.id, e.userId)))
      .catch((err) => this.logger.warn(`stale erasures not checked: ${(err as Error).message}`));
  }

  async erase(userId: string): Promise<ErasureRecord> {
    const { id, started } = await startErasure(this.dataSource, userId);
    if (started) {
      await recordErasureCount(this.dataSource, id, 'queue_jobs', await this.removeJobs(userId));
      this.runInBackground(id, userId);
    }
    return (await latestErasure(this.dataSource, userId)) as ErasureRecord;
  }

  status(userId: string): Promise<ErasureRecord | null> {
    return latestErasure(this.dataSource, userId);
  }

  /**
   * Every revision's job of every ledger row of the user. A job that is running cannot be removed;
   * the worker's check stops it from storing anything, and a finished job keeps no user id.
   */
  private async removeJobs(userId: string): Promise<number> {
    return this.removeJobsOf(await userChunkRefs(this.dataSource, userId));
  }

  private async removeJobsOf(refs: ChunkRef[]): Promise<number> {
    const jobIds = [
      ...new Set(refs.flatMap((c) => Array.from({ length: c.revision + 1 }, (_, r) => storeChunkJobId(c.jobUuid, r)))),
    ];
    let removed = 0;
    for (let i = 0; i < jobIds.length; i += JOB_REMOVALS_IN_PARALLEL) {
      const results = await Promise.all(
        jobIds.slice(i, i + JOB_REMOVALS_IN_PARALLEL).map((jobId) => this.queue.remove(jobId).catch(() => 0)),
      );
      removed += results.reduce((n: number, r) => n + r, 0);
    }
    return removed;
  }

  /**
   * Runs the erasure unless another task runs it already; then removes every job of the ledger rows
   * it deleted (jobs the API added during the erasure, or left by a task that died), so no job
   * naming the user is left in Redis once the erasure is done.
   */
  private runInBackground(erasureId: string, userId: string) {
    runErasure(this.dataSource, erasureId, userId, this.config.erasureBatchSize)
      .then(async ({ ran, chunkRefs }) => {
        if (!ran) return this.logger.log(`erasure ${erasureId} is run by another task`);
        const removed = await this.removeJobsOf(chunkRefs);
        this.logger.log(`erasure ${erasureId} done; ${removed} more queue jobs removed`);
      })
      .catch((err) => this.logger.error(`erasure ${erasureId} stopped, resumed at the next start: ${(err as Error).message}`));
  }
}
