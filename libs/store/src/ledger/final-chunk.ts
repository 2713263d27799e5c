import { statement } from '../sql/statement';

/**
 * The one definition of a sync's final chunk, for the anchor rule (complete-chunk.ts) and for
 * syncProgress alike: the highest index sent with isFinalChunk (a re-send that moves the end
 * further keeps the anchor waiting for every chunk up to it). An aggregate over the sync's
 * sync_chunk rows; registered on its own so that its snapshot shows the rule, and spliced into both
 * statements (whose snapshots show it in place).
 */
export const FINAL_CHUNK_INDEX_SQL = statement('ledger/fragments/final-chunk-index', `max(chunk_index) FILTER (WHERE is_final)`);
