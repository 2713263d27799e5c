import type { EntityManager } from 'typeorm';
import type { TargetTable } from '../parsing/data-types';
import { resolveSources } from '../sources/source-resolver';
import type { ChunkRows } from './chunk-rows';
import { buildUpsertSql, HEALTH_TABLES, TABLE_SPECS } from './table-specs';

export interface TableWriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ChunkWriteResult extends TableWriteCounts {
  deleted: number;
  /** The same counts per PostgreSQL table that had rows (for per-table metrics). */
  tables: Record<string, TableWriteCounts>;
}

const UPSERT_SQL = Object.fromEntries(
  Object.entries(TABLE_SPECS).map(([table, spec]) => [table, buildUpsertSql(spec)]),
) as Record<TargetTable, string>;

// One statement marks a deletion in every table: a type-less id (Health Connect) may live in any of them.
const MARK_DELETED_SQL = `WITH ${HEALTH_TABLES.map(
  (t, i) => `d${i} AS (UPDATE ${t} SET deleted_at = now(), updated_at = now()
    WHERE user_id = $1 AND hk_uuid = ANY($2::text[]) AND deleted_at IS NULL RETURNING 1)`,
).join(',\n')}
SELECT ${HEALTH_TABLES.map((_, i) => `(SELECT count(*) FROM d${i})`).join(' + ')} AS deleted`;

/**
 * Stores one chunk for one user inside the caller's transaction: sources, then one upsert per
 * table that has rows, then deletions.
 */
export async function writeChunk(
  em: EntityManager,
  userId: string,
  chunk: ChunkRows,
  deletedUuids: readonly string[],
): Promise<ChunkWriteResult> {
  const result: ChunkWriteResult = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, tables: {} };
  const tables = Object.keys(chunk.tables) as TargetTable[];
  if (tables.length > 0) {
    const sourceIds = await resolveSources(em, userId, chunk.sources);
    for (const table of tables) {
      const written: { inserted: boolean }[] = await em.query(UPSERT_SQL[table], [userId, chunk.tables[table], sourceIds]);
      const inserted = written.filter((w) => w.inserted).length;
      const counts = {
        inserted,
        updated: written.length - inserted,
        unchanged: (chunk.rowCounts[table] ?? 0) - written.length,
      };
      result.tables[TABLE_SPECS[table].table] = counts;
      result.inserted += counts.inserted;
      result.updated += counts.updated;
      result.unchanged += counts.unchanged;
    }
  }
  if (deletedUuids.length > 0) {
    const ids = [...new Set(deletedUuids)].sort();
    const [{ deleted }] = await em.query(MARK_DELETED_SQL, [userId, ids]);
    result.deleted = Number(deleted);
  }
  return result;
}
