import { ApiConfig } from '@app/config';
import { SYNC_QUEUE } from '@app/queue';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { overload, parseMemoryInfo, QueueLoad } from './backpressure';

const PROBE_TIMEOUT_MS = 500;

/**
 * Decides whether the API should take another chunk. Above the configured queue depth or share of
 * Redis memory it says no, so the phone backs off before Redis fills up (a full Redis refuses every
 * write, workers' included, and would take the whole pipeline down). Looking costs two Redis calls,
 * so one look answers every request for `probeMs`, and concurrent requests share the same look.
 * Readiness is not affected: an overloaded API is healthy, it is the queue that is full.
 */
@Injectable()
export class BackpressureService {
  private readonly logger = new Logger(BackpressureService.name);
  private readonly settings: ApiConfig['backpressure'];
  private last: { at: number; reason: ReturnType<typeof overload> } | null = null;
  private probing?: Promise<ReturnType<typeof overload>>;
  private refusals = 0;

  constructor(
    @InjectQueue(SYNC_QUEUE) private readonly queue: Queue,
    config: ApiConfig,
  ) {
    this.settings = config.backpressure;
  }

  /** Requests refused since start (for metrics). */
  get refusedTotal(): number {
    return this.refusals;
  }

  get retryAfterSeconds(): number {
    return this.settings.retryAfterSeconds;
  }

  /** True when this request must be refused; counts it. */
  async shouldRefuse(): Promise<boolean> {
    const reason = await this.currentReason();
    if (reason) this.refusals += 1;
    return reason !== null;
  }

  private currentReason(): Promise<ReturnType<typeof overload>> {
    if (this.last && Date.now() - this.last.at < this.settings.probeMs) return Promise.resolve(this.last.reason);
    this.probing ??= this.probe().finally(() => (this.probing = undefined));
    return this.probing;
  }

  private async probe(): Promise<ReturnType<typeof overload>> {
    let reason: ReturnType<typeof overload>;
    let timer: NodeJS.Timeout | undefined;
    try {
      // BullMQ waits for a connection that is down instead of failing; a request must not.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS);
      });
      const load = await Promise.race([this.load(), timeout]);
      reason = overload(load, { maxWaiting: this.settings.maxWaiting, maxMemoryShare: this.settings.maxMemoryShare });
    } catch {
      // Redis not answering is not overload: the enqueue itself will answer SERVICE_UNAVAILABLE.
      reason = null;
    } finally {
      clearTimeout(timer);
    }
    const previous = this.last?.reason ?? null;
    if (reason !== previous) {
      if (reason) this.logger.warn(`backpressure on (${reason}): refusing new chunks`);
      else this.logger.log('backpressure off: taking chunks again');
    }
    this.last = { at: Date.now(), reason };
    return reason;
  }

  private async load(): Promise<QueueLoad> {
    // INFO (all sections: BullMQ's client exposes no section argument) is a few KB, once per probe.
    const client = await this.queue.getBackend().client;
    const [counts, info] = await Promise.all([this.queue.getJobCounts('waiting', 'prioritized', 'delayed'), client.info()]);
    const waiting = (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
    return { waiting, ...parseMemoryInfo(info) };
  }
}
