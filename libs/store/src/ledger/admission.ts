import type { ChunkRows } from '@app/health-data';
import type { EntityManager } from 'typeorm';
import { LOCK_SQL } from '../locks/advisory-locks';
import { statement } from '../sql/statement';
import { runStatement } from '../sql/run-statement';
import { ChunkPayloadError, parsePayload } from './chunk-payload';
import { ChunkStatus, sqlStatus } from './chunk-status';
import type { StoredChunkRef } from './complete-chunk';

const STORED = sqlStatus(ChunkStatus.Stored);

// After the user and sync locks, a statement of its own: its snapshot then includes an erasure marker
// committed while we waited, and each row as it is now (erased, or re-sent under a new revision). The
// rows stay locked (FOR NO KEY UPDATE) until the batch commits: a re-send of a chunk (a new revision)
// waits for it, so a revision found current here is still current when the batch marks it stored, and
// a superseded one is known before anything is written. The payload only for the job's own revision of
// an unstored row: a stored or superseded chunk reads nothing. Each chunk's sync run comes along (as
// openSyncRun's look-up), saving a round trip.
const LOAD_CHUNKS = statement(
  'ledger/admission',
  `WITH input AS (
  SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::int[]) WITH ORDINALITY AS i(chunk_id, job_uuid, revision, ord)
), ledger AS MATERIALIZED (
  SELECT id, job_uuid, user_ref, data_type, sync_key, anchor_token, chunk_index, is_final, revision, status, pending_payload
  FROM sync_chunk WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE
)
SELECT i.ord::int AS ord,
  EXISTS (SELECT 1 FROM health_data_erasure e WHERE e.user_ref = c.user_ref AND e.status = 'running') AS erasing,
  c.data_type, c.sync_key, c.anchor_token, c.chunk_index, c.is_final, c.revision, c.status = ${STORED} AS stored,
  CASE WHEN c.revision = i.revision AND c.status <> ${STORED} THEN c.pending_payload END AS payload,
  (SELECT r.id::text FROM sync_run r WHERE r.user_ref = c.user_ref AND r.data_type = c.data_type AND r.sync_key = c.sync_key) AS sync_seq
FROM input i JOIN ledger c ON c.id = i.chunk_id AND c.job_uuid = i.job_uuid
ORDER BY i.ord`,
);

interface LockRow {
  ord: number;
  subject: string;
  data_type: string;
  sync_key: string;
}

interface LoadRow {
  ord: number;
  erasing: boolean;
  data_type: string;
  sync_key: string;
  anchor_token: string;
  chunk_index: number;
  is_final: boolean;
  revision: number;
  stored: boolean;
  payload: string | null;
  sync_seq: string | null;
}

/** What a job names: a ledger row, at one revision. */
export interface ChunkLedgerRef {
  chunkId: string;
  jobUuid: string;
  revision: number;
}

/** A chunk as the writer takes it, read from its ledger row. */
export interface LoadedChunk extends StoredChunkRef {
  isFinal: boolean;
  rows: ChunkRows;
  deletedUuids: string[];
}

export type ChunkAdmission =
  | {
      mayStore: true;
      chunk: LoadedChunk;
      /** The chunk's sync_run id; null for a sync begun before sync runs existed (none made yet). */
      syncSeq: string | null;
    }
  | {
      mayStore: false;
      /**
       * erased: the user's data is being erased. gone: no ledger row has this id and job uuid (erased
       * after the job was queued, or a database restore gave the id to another chunk). stored before:
       * this revision was stored by an earlier run. superseded: the row holds a newer revision.
       */
      reason: 'erased' | 'gone' | 'stored before' | 'superseded';
    };

/**
 * Called first in the worker's transaction for a batch of chunks (of any users), with one
 * admission per chunk in the order given. Takes, in one global order (so two batches never wait for
 * each other in a circle): the shared write lock of every user (an erasure's start waits for them),
 * the sync lock of every sync (the API takes it before numbering a chunk's row), then the ledger rows.
 * Loads each chunk from its ledger row, by the job's reference. Nothing to store when the user's data
 * is being erased, when the row is gone (storing would bring erased data back, or write another
 * chunk's rows after a restore), stored, or superseded. Throws ChunkPayloadError when an unstored
 * row keeps no readable payload: the batch fails, and stored one chunk at a time only that one fails.
 */
export async function admitChunks(em: EntityManager, refs: readonly ChunkLedgerRef[]): Promise<ChunkAdmission[]> {
  const ids = refs.map((r) => r.chunkId);
  const jobUuids = refs.map((r) => r.jobUuid);
  const locked: LockRow[] = await runStatement(em, LOCK_SQL.chunksUserWritesShared, [ids, jobUuids]);
  if (locked.length > 0) {
    const column = (k: keyof LockRow) => locked.map((r) => r[k]);
    await runStatement(em, LOCK_SQL.syncs, [column('subject'), column('data_type'), column('sync_key')]);
  }
  const subjects = new Map(locked.map((r) => [r.ord, r.subject]));
  const rows: LoadRow[] =
    locked.length > 0 ? await runStatement(em, LOAD_CHUNKS, [ids, jobUuids, refs.map((r) => r.revision)]) : [];
  const loaded = new Map(rows.map((r) => [r.ord, r]));
  return refs.map((ref, i): ChunkAdmission => {
    const row = loaded.get(i + 1);
    const userId = subjects.get(i + 1);
    // No row, or none when the locks were taken (so no user lock is held for it): nothing to store.
    if (!row || userId === undefined) return { mayStore: false, reason: 'gone' };
    if (row.erasing) return { mayStore: false, reason: 'erased' };
    if (row.revision !== ref.revision) return { mayStore: false, reason: 'superseded' };
    if (row.stored) return { mayStore: false, reason: 'stored before' };
    if (row.payload === null) throw new ChunkPayloadError('the ledger row keeps no payload for this chunk');
    const payload = parsePayload(row.payload);
    return {
      mayStore: true,
      syncSeq: row.sync_seq,
      chunk: {
        chunkId: ref.chunkId,
        jobUuid: ref.jobUuid,
        revision: ref.revision,
        userId,
        dataType: row.data_type,
        syncKey: row.sync_key,
        anchorToken: row.anchor_token,
        chunkIndex: row.chunk_index,
        isFinal: row.is_final,
        rows: payload.rows,
        deletedUuids: payload.deletedUuids,
      },
    };
  });
}

/** admitChunks for one chunk (the naive bench worker, tests). */
export async function admitChunk(em: EntityManager, ref: ChunkLedgerRef): Promise<ChunkAdmission> {
  const [admission] = await admitChunks(em, [ref]);
  return admission;
}
