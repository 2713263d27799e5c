/** How a batch ended: committed whole, stored again item by item, or failed for all (database unavailable). */
export type BatchResult = 'committed' | 'retried' | 'failed';

export interface BatcherOptions<T, R> {
  /** Items in one batch at most. */
  maxBatch: number;
  /** Batches run at once at most. */
  maxRunning: number;
  /** Runs a batch (one transaction); results in the items' order. */
  runBatch(items: T[]): Promise<R[]>;
  /** An error that no item is to blame for: every item of the batch fails with it, none is retried alone. */
  failsAll(err: unknown): boolean;
  onBatch?(size: number, result: BatchResult): void;
}

interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(err: unknown): void;
}

/**
 * Group commit: callers hand in one item each and await their own result. Items that arrive while a
 * batch runs wait and form the next batch, so under load batches fill by themselves and when idle a
 * lone item is a batch of one at once, with no timer in between.
 *
 * A second batch runs beside the first only when a full batch waits: the two overlap one's round
 * trips with the other's work, while a trickle still gathers behind the running batch instead of
 * being stored in batches of one. More than two would only add lock waits between batches of the
 * same users and connections, not throughput, on a database that already has every core busy.
 *
 * A batch that fails is run again one item at a time (each a batch of one), so one bad item fails
 * alone and the others succeed; an error no item is to blame for (failsAll) fails every item.
 */
export class ChunkBatcher<T, R> {
  private readonly waiting: Waiting<T, R>[] = [];
  private running = 0;

  constructor(private readonly options: BatcherOptions<T, R>) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    const { maxBatch, maxRunning } = this.options;
    while (this.waiting.length > 0 && (this.running === 0 || (this.running < maxRunning && this.waiting.length >= maxBatch))) {
      const batch = this.waiting.splice(0, maxBatch);
      this.running++;
      void this.run(batch).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(batch: Waiting<T, R>[]): Promise<void> {
    const { runBatch, failsAll, onBatch } = this.options;
    let results: R[];
    try {
      results = await runBatch(batch.map((w) => w.item));
    } catch (err) {
      if (batch.length === 1 || failsAll(err)) {
        onBatch?.(batch.length, 'failed');
        for (const w of batch) w.reject(err);
        return;
      }
      onBatch?.(batch.length, 'retried');
      for (const w of batch) {
        try {
          const [result] = await runBatch([w.item]);
          w.resolve(result);
        } catch (one) {
          w.reject(one);
        }
      }
      return;
    }
    onBatch?.(batch.length, 'committed');
    batch.forEach((w, i) => w.resolve(results[i]));
  }
}
