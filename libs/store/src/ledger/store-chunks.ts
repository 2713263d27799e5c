import { writePosition } from '@app/health-data';
import type { EntityManager } from 'typeorm';
import { ChunkWriteResult, writeUserChunks } from '../health-rows/chunk-writer';
import { resolveTypeIds } from '../health-rows/row-references';
import { admitChunks, ChunkAdmission, ChunkLedgerRef, LoadedChunk } from './admission';
import { CompletionOutcome, completeSync, markChunksStored, StoredChunkRef } from './complete-chunk';
import { preferGenericPlans } from '../sql/run-statement';
import { openSyncRun } from './sync-run';

export interface StoredChunkOutcome extends ChunkWriteResult {
  /** Nothing stored when the ledger row says so (see ChunkAdmission's reasons). */
  sync: CompletionOutcome | Extract<ChunkAdmission, { mayStore: false }>['reason'];
}

const NOTHING_WRITTEN = (): ChunkWriteResult => ({ inserted: 0, updated: 0, unchanged: 0, deleted: 0, tables: {} });

interface Admitted {
  chunk: LoadedChunk;
  at: number;
  syncSeq: string;
}

const syncOf = (c: Pick<StoredChunkRef, 'userId' | 'dataType' | 'syncKey'>) => `${c.userId}/${c.dataType}/${c.syncKey}`;

/**
 * Stores several chunks, of any users, inside the caller's one transaction; outcomes in the order
 * given. Every lock is taken in one global order, so two batches (or a batch and a lone chunk)
 * cannot wait for each other in a circle: user-writes locks, sync locks (sorted), the ledger rows
 * (by id), then user by user (sorted) the order lock and the rollup locks. A chunk whose user is
 * being erased, or whose ledger row holds another revision, writes nothing. The rest: per user
 * their chunks in the phone's order (sync start, chunk index); then all marked stored at once; then
 * per sync the anchor rule (moved only when every chunk of the sync is stored, in this transaction).
 */
export async function storeChunks(em: EntityManager, refs: readonly ChunkLedgerRef[]): Promise<StoredChunkOutcome[]> {
  // Every statement below is a named one (runStatement): planned once per connection, not per batch.
  await preferGenericPlans(em);
  const admissions = await admitChunks(em, refs);
  const outcomes: StoredChunkOutcome[] = refs.map(() => ({ ...NOTHING_WRITTEN(), sync: 'pending' }));
  const admitted: Admitted[] = [];
  for (const [at, admission] of admissions.entries()) {
    if (!admission.mayStore) {
      outcomes[at].sync = admission.reason;
      continue;
    }
    const { chunk, syncSeq } = admission;
    // A sync begun before sync runs existed (a job queued across the upgrade) gets its run now.
    admitted.push({
      chunk,
      at,
      syncSeq: syncSeq ?? (await openSyncRun(em, chunk.userId, chunk.dataType, chunk.syncKey, null)).id,
    });
  }
  if (admitted.length === 0) return outcomes;
  // Data-type ids are shared by every user: resolved once for the batch (a legacy chunk lists none
  // and resolves its own).
  const types = [...new Set(admitted.flatMap((a) => (Array.isArray(a.chunk.rows.types) ? a.chunk.rows.types : [])))];
  const typeIds = await resolveTypeIds(em, types);
  const knownTypeIds = new Map(types.map((t, i) => [t, typeIds[i]]));
  for (const userId of [...new Set(admitted.map((a) => a.chunk.userId))].sort()) {
    const mine = admitted.filter((a) => a.chunk.userId === userId).sort(inPhoneOrder);
    const written = await writeUserChunks(
      em,
      userId,
      mine.map(({ chunk, syncSeq }) => ({
        rows: chunk.rows,
        deletedUuids: chunk.deletedUuids,
        position: writePosition(syncSeq, chunk.chunkIndex),
      })),
      knownTypeIds,
    );
    mine.forEach((a, i) => (outcomes[a.at] = { ...written[i], sync: 'pending' }));
  }
  const userRefs = await markChunksStored(
    em,
    admitted.map((a) => a.chunk.chunkId),
  );
  // The rows were locked since the admission: a row not marked now is a bug, not a race.
  if (admitted.some((a) => !userRefs.has(a.chunk.chunkId))) throw new Error('a chunk of the batch could not be marked stored');
  const syncs = new Map<string, Admitted>();
  for (const a of admitted) {
    // The sync's outcome goes to its highest chunk of the batch (the one that would have completed
    // it last, chunk by chunk); its others are 'pending', so an anchor is counted once.
    const seen = syncs.get(syncOf(a.chunk));
    if (!seen || seen.chunk.chunkIndex < a.chunk.chunkIndex) syncs.set(syncOf(a.chunk), a);
  }
  for (const key of [...syncs.keys()].sort()) {
    const { chunk, at } = syncs.get(key) as Admitted;
    outcomes[at].sync = await completeSync(em, userRefs.get(chunk.chunkId) as number, chunk);
  }
  return outcomes;
}

/** The phone's order: syncs by start (sync_run id), then chunks by index. */
function inPhoneOrder(a: Admitted, b: Admitted): number {
  const seq = BigInt(a.syncSeq) - BigInt(b.syncSeq);
  if (seq !== 0n) return seq < 0n ? -1 : 1;
  return a.chunk.chunkIndex - b.chunk.chunkIndex;
}
