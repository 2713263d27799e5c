/**
 * Where a chunk's ledger row stands. `queued`: recorded, its job stores it (or the outbox sweep
 * enqueues it again); `stored`: its data committed with this status; `failed`: storing failed for
 * good (`npm run chunks -- retry` or a re-send revives it). The SQL of the ledger spells these
 * values through this enum (interpolated into the registered statements), never as loose literals.
 * The column is text in the database: libs/database may not import the store, so its entity types
 * the column as a string.
 */
export enum ChunkStatus {
  Queued = 'queued',
  Stored = 'stored',
  Failed = 'failed',
}

/** The status as an SQL literal, for the registered statements ('queued', …). */
export const sqlStatus = (status: ChunkStatus): string => `'${status}'`;
