/**
 * The ledger's tables, in the order an erasure empties them: the sync state first, rejected items
 * before the chunks they cascade from (so they are counted), the runs last. Privacy code (erasure,
 * export, retention of everything of a user) iterates over this list instead of naming them: the
 * table names appear nowhere else outside the store's ledger (and libs/database's entities).
 */
export const LEDGER_TABLES = ['healthkit_sync_state', 'sync_rejected_item', 'sync_chunk', 'sync_run'] as const;

export type LedgerTable = (typeof LEDGER_TABLES)[number];
