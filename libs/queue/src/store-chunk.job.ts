import type { ChunkRows } from '@app/health-data';
import { createHash } from 'node:crypto';

/** The ledger columns a job is made of (besides the payload). */
export interface ChunkJobRef {
  chunkId: string;
  /** The ledger row's random id: the job only ever touches the row that has it. */
  jobUuid: string;
  userId: string;
  dataType: string;
  syncKey: string;
  anchorToken: string;
  chunkIndex: number;
  isFinal: boolean;
  /** The ledger row's revision this job stores; a newer revision supersedes it. */
  revision: number;
}

/** The part of a job that only the request had: kept in the ledger row until stored (the outbox). */
export interface ChunkPayload {
  /** The validated points, grouped per table and serialised for the upsert. */
  rows: ChunkRows;
  deletedUuids: string[];
}

/** What the API hands the worker for one chunk: its ledger reference and its validated, routed, deduplicated rows. */
export interface StoreChunkJobData extends ChunkJobRef, ChunkPayload {}

export function serialisePayload(payload: ChunkPayload): string {
  return JSON.stringify(payload);
}

/** Rebuilds a job from its ledger row: the API's first enqueue and the worker's outbox sweep make the same job. */
export function storeChunkJobData(ref: ChunkJobRef, payload: ChunkPayload): StoreChunkJobData {
  return { ...ref, rows: payload.rows, deletedUuids: payload.deletedUuids };
}

/**
 * What a job keeps once it ran: which ledger row it was for, no health data and no user id. Redis
 * holds a chunk's rows and its user's `sub` only while its job waits or runs (docs/operations.md).
 */
export interface SpentChunkJobData {
  chunkId: string;
  jobUuid: string;
  revision: number;
  dataType: string;
  chunkIndex: number;
  payloadDropped: true;
}

export function withoutPayload(data: Partial<StoreChunkJobData> | undefined): SpentChunkJobData {
  const { chunkId, jobUuid, revision, dataType, chunkIndex } = (data ?? {}) as StoreChunkJobData;
  return { chunkId, jobUuid, revision, dataType, chunkIndex, payloadDropped: true };
}

export function isSpent(data: unknown): data is SpentChunkJobData {
  return (data as SpentChunkJobData | undefined)?.payloadDropped === true;
}

/**
 * Deterministic: a retried HTTP request maps to the job that already exists instead of adding a
 * second one, while changed content (a new revision of the ledger row) gets a job of its own.
 * The ledger row's random uuid, not its sequence id: a sequence restarts after a database restore
 * while Redis may still remember completed jobs under the old ids, and BullMQ ignores an add whose
 * id exists. (BullMQ forbids ':' in custom ids.)
 */
export function storeChunkJobId(jobUuid: string, revision: number): string {
  return `chunk-${jobUuid}-r${revision}`;
}

/** The anchor can be 8 KiB; its hash names the sync in keys and indexes. */
export function syncKeyOf(anchorToken: string): string {
  return createHash('sha256').update(anchorToken).digest('hex');
}
