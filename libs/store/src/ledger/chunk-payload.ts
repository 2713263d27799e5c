import type { ChunkRows } from '@app/health-data';

/**
 * What only the request had of a chunk, kept in its ledger row (sync_chunk.pending_payload) until the
 * chunk is stored: the worker reads it from there by the job's reference, the outbox sweep and
 * `npm run chunks -- retry` need nothing else to run the chunk again.
 */
export interface ChunkPayload {
  /** The validated points, grouped per table and serialised for the upsert. */
  rows: ChunkRows;
  deletedUuids: string[];
}

/** The one encoding of a chunk: the API hashes this text and the ledger keeps it. */
export function serialisePayload(payload: ChunkPayload): string {
  return JSON.stringify(payload);
}

/**
 * An unstored ledger row whose payload is gone (retention cleared a failed chunk's) or unreadable:
 * however often it is tried, nothing can be stored; only the phone can send the chunk again.
 */
export class ChunkPayloadError extends Error {}

export function parsePayload(text: string): ChunkPayload {
  let payload: { rows?: Partial<ChunkRows>; deletedUuids?: unknown } | null;
  try {
    payload = JSON.parse(text);
  } catch {
    payload = null;
  }
  const ok =
    Array.isArray(payload?.rows?.sources) && typeof payload.rows.tables === 'object' && Array.isArray(payload.deletedUuids);
  if (!ok) throw new ChunkPayloadError('the ledger payload of this chunk is not a chunk');
  return payload as ChunkPayload;
}
