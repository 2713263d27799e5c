import type { ChunkRows } from '@app/health-data';
import { createHash } from 'node:crypto';

/** What the API hands the worker for one chunk: validated, routed and deduplicated rows. */
export interface StoreChunkJobData {
  chunkId: string;
  userId: string;
  dataType: string;
  syncKey: string;
  anchorToken: string;
  chunkIndex: number;
  isFinal: boolean;
  /** The ledger row's revision this job stores; a newer revision supersedes it. */
  revision: number;
  /** The validated points, grouped per table and serialised for the upsert. */
  rows: ChunkRows;
  deletedUuids: string[];
}

/**
 * Deterministic: a retried HTTP request maps to the job that already exists instead of adding a
 * second one, while changed content (a new revision of the ledger row) gets a job of its own.
 * Derived from the ledger row, so an operator can find a chunk's job without storing its id.
 * (BullMQ forbids ':' in custom ids.)
 */
export function storeChunkJobId(chunkId: string, revision: number): string {
  return `chunk-${chunkId}-r${revision}`;
}

/** The anchor can be 8 KiB; its hash names the sync in keys and indexes. */
export function syncKeyOf(anchorToken: string): string {
  return createHash('sha256').update(anchorToken).digest('hex');
}
