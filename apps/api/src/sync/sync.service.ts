import { isTransientDbError } from '@app/database';
import { buildChunkRows, ITEM_LIMITS, parseChunk, sameReconcile } from '@app/health-data';
import type { NormalizedPoint, ReconcileWindow } from '@app/health-data';
import { storeChunkJobData, storeChunkJobId, syncKeyOf } from '@app/queue';
import {
  ChunkStatus,
  claimSyncPlatform,
  openSyncRun,
  recordChunk,
  serialisePayload,
  syncStateOf,
  syncStatesOf,
} from '@app/store';
import type { ChunkRecord, SyncRun } from '@app/store';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { backpressure, badInput, unavailable } from '../graphql/errors';
import { BackpressureService } from './backpressure.service';
import { ChunkEnqueuer, QueueUnavailableError } from './chunk-enqueuer.service';
import { contentHashOf } from './content-hash';
import type { SyncHealthKitSamplesInput } from './dto/sync-health-kit-samples.input';
import type { SyncChunkResult } from './models/sync-chunk-result.model';
import type { SyncState } from './models/sync-state.model';
import { validateSyncRequest } from './sync-request.validator';

/** Validate → record the chunk in the ledger → enqueue it. The API never writes health rows. */
@Injectable()
export class SyncService {
  private readonly logger = new Logger(SyncService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly enqueuer: ChunkEnqueuer,
    private readonly load: BackpressureService,
  ) {}

  /** `mayHoldUnstorable`: the request body may hold U+0000 or a lone surrogate (see request-body.ts), so items are searched for one. */
  async acceptChunk(userId: string, input: SyncHealthKitSamplesInput, mayHoldUnstorable = true): Promise<SyncChunkResult> {
    const { zone, reconcile } = validateSyncRequest(input);
    // Before anything is parsed or written: an overloaded queue gets no new ledger row either.
    if (await this.load.shouldRefuse()) throw backpressure(this.load.retryAfterSeconds);
    const deletedUuids = input.deletedUuids ?? [];
    // Only a chunk whose body may hold U+0000 or a lone surrogate pays for searching its items.
    const { accepted, profile, rejected } = parseChunk(input.data, zone, mayHoldUnstorable);
    const acceptedCount = accepted.length + profile.length;
    const syncKey = syncKeyOf(input.anchorToken);
    const platform = reconcile ? singlePlatform(accepted) : null;
    // Encoded once: the ledger keeps this text (the job carries only the row's reference) and the
    // content hash is taken over it.
    const serialised = serialisePayload({ rows: buildChunkRows(accepted, profile), deletedUuids });
    const contentHash = contentHashOf(input, rejected, serialised);
    const chunk: ChunkRecord = {
      userId,
      dataType: input.dataType,
      syncKey,
      anchorToken: input.anchorToken,
      chunkIndex: input.chunkIndex ?? null,
      isFinal: input.isFinalChunk,
      contentHash,
      itemCount: input.data.length,
      acceptedCount,
      deletedCount: deletedUuids.length,
      // Raw copies help find a phone's bug; a few per chunk are enough, and each is at most an item's cap.
      rejected: rejected.map(({ unstorable, ...r }, i) => ({
        ...r,
        raw: unstorable || i >= ITEM_LIMITS.maxRejectedRawPerChunk ? null : (input.data[r.index] ?? null),
      })),
      payload: serialised,
      acceptedTypes: reconcile ? [...new Set(accepted.map((p) => p.sampleType))].sort() : null,
      reconcile,
    };
    // The sync's run (made by its first chunk) orders this chunk's writes among every sync's. The
    // usual chunk (no reconcile window) opens it in the ledger statement; a reconciling chunk, or one
    // that statement refused (the run's window differs, or a concurrent first chunk made the run),
    // opens and checks it first.
    const record = () => this.guard('database', () => recordChunk(this.dataSource, chunk));
    let recorded = reconcile === null ? await record() : null;
    if (recorded === null) {
      const run = await this.guard('database', () =>
        openSyncRun(this.dataSource.manager, userId, input.dataType, syncKey, reconcile),
      );
      await this.checkReconcile(run, reconcile, platform);
      recorded = await record();
      if (recorded === null) throw new Error('the sync run does not match the chunk after it was checked');
    }

    const jobId = storeChunkJobId(recorded.jobUuid, recorded.revision);
    if (!recorded.alreadyStored) {
      const job = storeChunkJobData({
        chunkId: recorded.id,
        jobUuid: recorded.jobUuid,
        revision: recorded.revision,
        dataType: input.dataType,
        chunkIndex: recorded.chunkIndex,
      });
      await this.guard('queue', () => this.enqueuer.enqueue(jobId, job, !recorded.isNew));
    }
    return {
      chunkIndex: recorded.chunkIndex,
      accepted: acceptedCount,
      rejected: rejected.map(({ unstorable: _, ...r }) => r),
      deleted: deletedUuids.length,
      jobId,
      status: recorded.alreadyStored ? ChunkStatus.Stored : ChunkStatus.Queued,
    };
  }

  /**
   * A reconcile window is the sync's, not a chunk's: every chunk sends the same one (or none), and
   * a reconciling sync's items are of one platform (it deletes that platform's rows only).
   */
  private async checkReconcile(run: SyncRun, reconcile: ReconcileWindow | null, platform: string | null) {
    if (!sameReconcile(run.reconcile, reconcile)) {
      throw badInput('reconcile', 'must be the same on every chunk of a sync (or absent on all of them)');
    }
    if (platform === null || run.platform === platform) return;
    const claimed =
      run.platform ?? (await this.guard('database', () => claimSyncPlatform(this.dataSource.manager, run.id, platform)));
    if (claimed !== platform) throw badInput('reconcile', 'a reconciling sync must hold items of one platform');
  }

  async syncState(userId: string, dataType: string): Promise<SyncState | null> {
    return syncStateOf(this.dataSource.manager, userId, dataType);
  }

  async syncStatesOf(userId: string): Promise<SyncState[]> {
    return syncStatesOf(this.dataSource.manager, userId);
  }

  /** Infrastructure trouble becomes a retryable error the app understands, not a hang or a 500. */
  private async guard<T>(what: 'database' | 'queue', work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      const transient = what === 'queue' ? err instanceof QueueUnavailableError : isTransientDbError(err);
      if (!transient) throw err;
      this.logger.warn(`${what} unavailable: ${(err as Error).message}`);
      throw unavailable(what);
    }
  }
}

/** The one platform of a reconciling chunk's items (null when it has none); two platforms are refused. */
function singlePlatform(accepted: readonly NormalizedPoint[]): string | null {
  const platforms = new Set(accepted.map((p) => p.source.platform));
  if (platforms.size > 1) throw badInput('reconcile', 'a reconciling sync must hold items of one platform');
  return platforms.values().next().value ?? null;
}
