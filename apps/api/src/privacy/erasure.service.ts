import { ApiConfig } from '@app/config';
import {
  ErasureRecord,
  latestErasure,
  recordErasureCount,
  runErasure,
  staleErasures,
  startErasure,
  userChunkRefs,
} from '@app/health-data';
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
   * the worker's check stops it from storing anything.
   */
  private async removeJobs(userId: string): Promise<number> {
    const jobIds = (await userChunkRefs(this.dataSource, userId)).flatMap((c) =>
      Array.from({ length: c.revision + 1 }, (_, r) => storeChunkJobId(c.jobUuid, r)),
    );
    let removed = 0;
    for (let i = 0; i < jobIds.length; i += JOB_REMOVALS_IN_PARALLEL) {
      const results = await Promise.all(
        jobIds.slice(i, i + JOB_REMOVALS_IN_PARALLEL).map((jobId) => this.queue.remove(jobId).catch(() => 0)),
      );
      removed += results.reduce((n: number, r) => n + r, 0);
    }
    return removed;
  }

  private runInBackground(erasureId: string, userId: string) {
    runErasure(this.dataSource, erasureId, userId, this.config.erasureBatchSize)
      .then(() => this.logger.log(`erasure ${erasureId} done`))
      .catch((err) => this.logger.error(`erasure ${erasureId} stopped, resumed at the next start: ${(err as Error).message}`));
  }
}
