import { StoreChunkJobData, SYNC_QUEUE, SyncJobName } from '@app/queue';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';

export class QueueUnavailableError extends Error {}

const ENQUEUE_TIMEOUT_MS = 3000;

/** The API's only path into Redis: one job per chunk, under a deterministic id. */
@Injectable()
export class ChunkEnqueuer {
  constructor(@InjectQueue(SYNC_QUEUE) private readonly queue: Queue<StoreChunkJobData>) {}

  /** `mayExist`: the ledger row was there before, so a job under this id may exist (and may have failed). */
  async enqueue(jobId: string, data: StoreChunkJobData, mayExist: boolean): Promise<void> {
    await withTimeout(this.addOrRevive(jobId, data, mayExist), ENQUEUE_TIMEOUT_MS);
  }

  /**
   * Adding an id that exists is a no-op in BullMQ, which is what makes a retried request safe.
   * But a job that already failed for good would then never run again: the phone retrying that
   * chunk is exactly the moment to give it another go (the ledger row now holds this request's payload).
   */
  private async addOrRevive(jobId: string, data: StoreChunkJobData, mayExist: boolean): Promise<void> {
    await this.queue.add(SyncJobName.StoreChunk, data, { jobId });
    if (!mayExist) return;
    const state = await this.queue.getJobState(jobId);
    if (state === 'failed') {
      // Replaced rather than retried: a job an older version left may carry a spent marker or a payload.
      await this.queue.remove(jobId);
      await this.queue.add(SyncJobName.StoreChunk, data, { jobId });
    } else if (state === 'completed') {
      // Completed, yet the ledger says not stored (we are only here for a chunk not stored): Redis
      // and PostgreSQL disagree after a restore or a lost write. The ledger wins: run it again. (A
      // duplicate request racing the job's completion lands here too; storing is idempotent, so the
      // worst case is one chunk stored twice over the same rows.)
      await this.queue.remove(jobId);
      await this.queue.add(SyncJobName.StoreChunk, data, { jobId });
    }
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError(`queue did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (err) {
    throw err instanceof QueueUnavailableError ? err : new QueueUnavailableError((err as Error).message);
  } finally {
    clearTimeout(timer);
  }
}
