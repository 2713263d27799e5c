import type { ChunkRows } from '@app/health-data';
import type { EntityManager } from 'typeorm';
import { LOCK_SQL } from '../locks/advisory-locks';
import { statement } from '../sql/statement';
import { ChunkPayloadError, parsePayload } from './chunk-payload';
import { ChunkStatus, sqlStatus } from './chunk-status';
import type { StoredChunkRef } from './complete-chunk';

const STORED = sqlStatus(ChunkStatus.Stored);

// A separate statement after the lock: its snapshot then includes a marker committed while we waited,
// and the row as it is now (erased, or re-sent under a new revision, while we waited). It also reads
// the chunk's sync run (as openSyncRun's look-up), saving the worker a round trip. The payload only
// for the job's own revision of an unstored row: a stored or superseded chunk reads nothing.
const LOAD_CHUNK = statement(
  'ledger/admission',
  `SELECT
  EXISTS (SELECT 1 FROM health_data_erasure e WHERE e.user_ref = c.user_ref AND e.status = 'running') AS erasing,
  c.data_type, c.sync_key, c.anchor_token, c.chunk_index, c.is_final, c.revision, c.status = ${STORED} AS stored,
  CASE WHEN c.revision = $3 AND c.status <> ${STORED} THEN c.pending_payload END AS payload,
  (SELECT r.id::text FROM sync_run r WHERE r.user_ref = c.user_ref AND r.data_type = c.data_type AND r.sync_key = c.sync_key) AS sync_seq
FROM sync_chunk c WHERE c.id = $1 AND c.job_uuid = $2`,
);

interface LockRow {
  subject: string;
}

interface LoadRow {
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
 * Called first in the worker's transaction for a chunk: takes the user's shared write lock (an
 * erasure's start waits for it) and loads the chunk from its ledger row, by the job's reference.
 * Nothing to store when the user's data is being erased, when the row is gone (storing would bring
 * erased data back, or write another chunk's rows after a restore), stored, or superseded.
 */
export async function admitChunk(em: EntityManager, ref: ChunkLedgerRef): Promise<ChunkAdmission> {
  // Shared: many chunks of one user may be stored at once; only an erasure's start waits for them.
  const [locked]: LockRow[] = await em.query(LOCK_SQL.chunkUserWritesShared, [ref.chunkId, ref.jobUuid]);
  if (!locked) return { mayStore: false, reason: 'gone' };
  const [row]: LoadRow[] = await em.query(LOAD_CHUNK, [ref.chunkId, ref.jobUuid, ref.revision]);
  if (!row) return { mayStore: false, reason: 'gone' };
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
      userId: locked.subject,
      dataType: row.data_type,
      syncKey: row.sync_key,
      anchorToken: row.anchor_token,
      chunkIndex: row.chunk_index,
      isFinal: row.is_final,
      rows: payload.rows,
      deletedUuids: payload.deletedUuids,
    },
  };
}
