import type { NormalizedPoint } from '@app/health-data';
import { createHash } from 'node:crypto';

/** What the API hands the worker for one chunk: already validated and routed points. */
export interface StoreChunkJobData {
  chunkId: string;
  userId: string;
  dataType: string;
  syncKey: string;
  anchorToken: string;
  chunkIndex: number;
  isFinal: boolean;
  contentHash: string;
  points: NormalizedPoint[];
  deletedUuids: string[];
}

/**
 * Deterministic: a retried HTTP request maps to the job that already exists instead of adding a
 * second one, while new content under the same chunk index gets a job of its own.
 * Derived from the ledger row, so an operator can find a chunk's job without storing its id.
 * (BullMQ forbids ':' in custom ids.)
 */
export function storeChunkJobId(chunkId: string, contentHash: string): string {
  return `chunk-${chunkId}-${contentHash.slice(0, 24)}`;
}

/** The anchor can be 8 KiB; its hash names the sync in keys and indexes. */
export function syncKeyOf(anchorToken: string): string {
  return createHash('sha256').update(anchorToken).digest('hex');
}
