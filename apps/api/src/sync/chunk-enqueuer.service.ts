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

  async enqueue(jobId: string, data: StoreChunkJobData): Promise<void> {
    await withTimeout(this.addOrRevive(jobId, data), ENQUEUE_TIMEOUT_MS);
  }

  /**
   * Adding an id that exists is a no-op in BullMQ, which is what makes a retried request safe.
   * But a job that already failed for good would then never run again: the phone retrying that
   * chunk is exactly the moment to give it another go.
   */
  private async addOrRevive(jobId: string, data: StoreChunkJobData): Promise<void> {
    const job = await this.queue.add(SyncJobName.StoreChunk, data, { jobId });
    if ((await this.queue.getJobState(jobId)) === 'failed') {
      const existing = await this.queue.getJob(jobId);
      await existing?.retry('failed');
    }
    void job;
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
