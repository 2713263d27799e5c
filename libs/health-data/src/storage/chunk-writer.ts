import type { EntityManager } from 'typeorm';
import type { TargetTable } from '../parsing/data-types';
import type { NormalizedPoint } from '../parsing/normalized-point';
import { resolveSources, sourceKey } from '../sources/source-resolver';
import { buildUpsertSql, HEALTH_TABLES, TABLE_SPECS } from './table-specs';

export interface ChunkWriteResult {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
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
 * table that has points, then deletions. Duplicates inside the chunk collapse to the last one.
 */
export async function writeChunk(
  em: EntityManager,
  userId: string,
  points: readonly NormalizedPoint[],
  deletedUuids: readonly string[],
): Promise<ChunkWriteResult> {
  const result: ChunkWriteResult = { inserted: 0, updated: 0, unchanged: 0, deleted: 0 };
  if (points.length > 0) {
    const sourceIds = await resolveSources(em, userId, points.map((p) => p.source));
    for (const [table, rows] of groupByTable(points)) {
      const payload = rows.map(({ source, table: _t, ...row }) => ({ ...row, sourceId: sourceIds.get(sourceKey(source)) }));
      const written: { inserted: boolean }[] = await em.query(UPSERT_SQL[table], [userId, JSON.stringify(payload)]);
      const inserted = written.filter((w) => w.inserted).length;
      result.inserted += inserted;
      result.updated += written.length - inserted;
      result.unchanged += rows.length - written.length;
    }
  }
  if (deletedUuids.length > 0) {
    const ids = [...new Set(deletedUuids)].sort();
    const [{ deleted }] = await em.query(MARK_DELETED_SQL, [userId, ids]);
    result.deleted = Number(deleted);
  }
  return result;
}

/**
 * Last occurrence of a key wins: ON CONFLICT cannot touch one row twice in a statement.
 * (The statement itself sorts by key, which fixes the lock order.)
 */
function groupByTable(points: readonly NormalizedPoint[]): Map<TargetTable, NormalizedPoint[]> {
  const byTable = new Map<TargetTable, Map<string, NormalizedPoint>>();
  for (const p of points) {
    let rows = byTable.get(p.table);
    if (!rows) byTable.set(p.table, (rows = new Map()));
    rows.set(p.recordKey, p);
  }
  return new Map([...byTable].map(([table, rows]) => [table, [...rows.values()]]));
}
