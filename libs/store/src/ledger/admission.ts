import type { EntityManager } from 'typeorm';
import { LOCK_SQL } from '../locks/advisory-locks';
import { statement } from '../sql/statement';
import { ledgerUserOf } from './ledger-user';

// A separate statement after the lock: its snapshot then includes a marker committed while we waited.
// It also reads the chunk's sync run (as openSyncRun's look-up), saving the worker a round trip.
const ADMISSION = statement(
  'ledger/admission',
  `SELECT
  EXISTS (SELECT 1 FROM health_data_erasure e JOIN app_user u ON u.id = e.user_ref
          WHERE u.subject = $1 AND e.status = 'running') AS erasing,
  EXISTS (SELECT 1 FROM sync_chunk WHERE id = $2) AS recorded,
  (SELECT id::text FROM sync_run WHERE user_ref = ${ledgerUserOf('$1')} AND data_type = $3 AND sync_key = $4) AS sync_seq`,
);

interface AdmissionRow {
  erasing: boolean;
  recorded: boolean;
  sync_seq: string | null;
}

export interface ChunkAdmission {
  /** False when the user's data is being erased or the chunk's ledger row is gone. */
  mayStore: boolean;
  /** The chunk's sync_run id; null for a sync begun before sync runs existed (none made yet). */
  syncSeq: string | null;
}

/**
 * Called first in the worker's transaction for a chunk. mayStore is false when the user's data is
 * being erased, or when the chunk's ledger row is gone (erased after the job was queued): storing it
 * would bring erased data back.
 */
export async function mayStoreChunk(
  em: EntityManager,
  chunk: { userId: string; chunkId: string; dataType: string; syncKey: string },
): Promise<ChunkAdmission> {
  // Shared: many chunks of one user may be stored at once; only an erasure's start waits for them.
  await em.query(LOCK_SQL.userWritesShared, [chunk.userId]);
  const [row]: AdmissionRow[] = await em.query(ADMISSION, [chunk.userId, chunk.chunkId, chunk.dataType, chunk.syncKey]);
  return { mayStore: !row.erasing && row.recorded, syncSeq: row.sync_seq };
}

// The batch's ledger rows are locked (FOR NO KEY UPDATE) until the batch commits: a re-send of a
// chunk (a new revision) waits for it, so a revision found current here is still current when the
// batch marks it stored, and a superseded one is known before anything is written.
const BATCH_ADMISSION = statement(
  'ledger/batch-admission',
  `WITH input AS (
  SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
    AS i(chunk_id, job_uuid, revision, subject, data_type, sync_key, ord)
), ledger AS MATERIALIZED (
  SELECT id, revision, job_uuid FROM sync_chunk WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE
)
SELECT i.ord::int AS ord,
  EXISTS (SELECT 1 FROM health_data_erasure e JOIN app_user u ON u.id = e.user_ref
          WHERE u.subject = i.subject AND e.status = 'running') AS erasing,
  l.id IS NOT NULL AS recorded,
  coalesce(l.revision = i.revision AND l.job_uuid = i.job_uuid, false) AS current,
  (SELECT r.id::text FROM sync_run r
   WHERE r.user_ref = ${ledgerUserOf('i.subject')} AND r.data_type = i.data_type AND r.sync_key = i.sync_key) AS sync_seq
FROM input i LEFT JOIN ledger l ON l.id = i.chunk_id
ORDER BY i.ord`,
);

interface BatchAdmissionRow {
  ord: number;
  erasing: boolean;
  recorded: boolean;
  current: boolean;
  sync_seq: string | null;
}

export interface BatchChunkAdmission extends ChunkAdmission {
  /** False when the ledger row holds another revision (or job) than the chunk: it writes nothing. */
  current: boolean;
}

/** What the batch admission needs of a chunk: its ledger row, revision and sync. */
export interface AdmittedChunkRef {
  chunkId: string;
  jobUuid: string;
  revision: number;
  userId: string;
  dataType: string;
  syncKey: string;
}

/**
 * Called first in a batch's transaction: the user-writes lock (shared) of every user, the sync lock
 * of every sync, then one statement for all chunks that locks their ledger rows and says, per chunk
 * in the order given, whether it may be stored (mayStoreChunk's rule), whether its revision is still
 * the ledger's, and its sync's run.
 */
export async function admitChunks(em: EntityManager, chunks: readonly AdmittedChunkRef[]): Promise<BatchChunkAdmission[]> {
  const column = <K extends keyof AdmittedChunkRef>(k: K) => chunks.map((c) => c[k]);
  await em.query(LOCK_SQL.usersWritesShared, [column('userId')]);
  await em.query(LOCK_SQL.syncs, [column('userId'), column('dataType'), column('syncKey')]);
  const rows: BatchAdmissionRow[] = await em.query(BATCH_ADMISSION, [
    column('chunkId'),
    column('jobUuid'),
    column('revision'),
    column('userId'),
    column('dataType'),
    column('syncKey'),
  ]);
  return rows.map((r) => ({ mayStore: !r.erasing && r.recorded, current: r.current, syncSeq: r.sync_seq }));
}
