/**
 * Where a write stands in the phone's order: syncs in the order they started (their sync_run id),
 * then a sync's chunks by index. Packed in one bigint so a row keeps it in 8 bytes and compares it
 * with one operator. 2^17 > the largest chunk index the API accepts (100,000).
 */
export const CHUNK_INDEX_SPAN = 2n ** 17n;

/** The write position of chunk `chunkIndex` of the sync whose sync_run id is `syncSeq`, as bigint text. */
export function writePosition(syncSeq: string | number | bigint, chunkIndex: number): string {
  if (!Number.isInteger(chunkIndex) || chunkIndex < 0 || BigInt(chunkIndex) >= CHUNK_INDEX_SPAN) {
    throw new RangeError(`chunk index ${chunkIndex} outside 0..${CHUNK_INDEX_SPAN - 1n}`);
  }
  return (BigInt(syncSeq) * CHUNK_INDEX_SPAN + BigInt(chunkIndex)).toString();
}

/** SQL for the first write position of the sync whose sync_run id is the expression given. */
export const syncFirstPositionSql = (syncSeq: string) => `(${syncSeq}::bigint * ${CHUNK_INDEX_SPAN})`;
