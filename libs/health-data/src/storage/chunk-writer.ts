import type { EntityManager } from 'typeorm';
import type { TargetTable } from '../parsing/data-types';
import { recordUuid } from '../parsing/record-uuid';
import { writeProfile } from '../profile/profile-writer';
import { resolveSources } from '../sources/source-resolver';
import { quarterSpan, refreshRollup, RollupRange } from '../rollup/sample-rollup';
import type { ChunkRows } from './chunk-rows';
import { isLegacyChunkRows, upgradeChunkRows } from './legacy-chunk-rows';
import { resolveContexts, resolveTypeIds, resolveUserRef } from './row-references';
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

/** The table whose rows feed aggregates: its changes must reach the rollup in the same transaction. */
const ROLLED_UP: TargetTable = 'sample';

const UPSERT_SQL = Object.fromEntries(
  Object.entries(TABLE_SPECS).map(([table, spec]) => [table, buildUpsertSql(spec, { returnSpans: table === ROLLED_UP })]),
) as Record<TargetTable, string>;

// One statement marks a deletion in every table: a type-less id (Health Connect) may live in any of
// them, and names either a row (record_key) or every point of a Health Connect record (record_id).
// Deleted samples also report where they were, since the rollup there no longer holds.
const MARK_DELETED_SQL = `WITH ${HEALTH_TABLES.map(
  (t, i) => `d${i} AS (UPDATE ${t} SET deleted_at = now(), updated_at = now()
    WHERE user_ref = $1 AND (record_key = ANY($2::uuid[]) OR record_id = ANY($2::uuid[])) AND deleted_at IS NULL
    RETURNING ${t === TABLE_SPECS[ROLLED_UP].table ? 'type_id, start_time, end_time' : '1'})`,
).join(',\n')}
SELECT ${HEALTH_TABLES.map((_, i) => `(SELECT count(*) FROM d${i})`).join(' + ')} AS deleted,
  (SELECT jsonb_agg(jsonb_build_object('sampleType', ht.name, 'startTime', d.start_time, 'endTime', d.end_time))
   FROM d${HEALTH_TABLES.indexOf(TABLE_SPECS[ROLLED_UP].table)} d JOIN health_term ht ON ht.id = d.type_id) AS spans`;

interface ChangedSample {
  inserted: boolean;
  sampleType: string;
  startTime: Date;
  endTime: Date;
  oldSampleType: string | null;
  oldStartTime: Date | null;
  oldEndTime: Date | null;
}

function rollupRange(sampleType: string, start: Date, end: Date): RollupRange {
  const { from, to } = quarterSpan(start, end);
  return { sampleType, from: new Date(from), to: new Date(to) };
}

/**
 * Stores one chunk for one user inside the caller's transaction: sources, then one upsert per
 * table that has rows, then deletions, then the aggregates rollup of every span that changed.
 */
export async function writeChunk(
  em: EntityManager,
  userId: string,
  chunk: ChunkRows,
  deletedUuids: readonly string[],
): Promise<ChunkWriteResult> {
  if (isLegacyChunkRows(chunk)) chunk = upgradeChunkRows(chunk);
  const result: ChunkWriteResult = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, tables: {} };
  const stale: RollupRange[] = [];
  const tables = Object.keys(chunk.tables) as TargetTable[];
  const userRef = await resolveUserRef(em, userId);
  if (tables.length > 0) {
    const sourceIds = await resolveSources(em, userId, chunk.sources);
    const contextIds = await resolveContexts(em, userRef, chunk.contexts);
    const typeIds = await resolveTypeIds(em, chunk.types);
    for (const table of tables) {
      const params = [userRef, chunk.tables[table], sourceIds, contextIds, chunk.types, typeIds];
      const written: ChangedSample[] = await em.query(UPSERT_SQL[table], params);
      if (table === ROLLED_UP) {
        for (const w of written) {
          stale.push(rollupRange(w.sampleType, w.startTime, w.endTime));
          if (w.oldSampleType && w.oldStartTime && w.oldEndTime) {
            stale.push(rollupRange(w.oldSampleType, w.oldStartTime, w.oldEndTime));
          }
        }
      }
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
  if (chunk.profile && chunk.profile.length > 0) {
    const counts = await writeProfile(em, userId, chunk.profile);
    result.tables.user_profile = counts;
    result.inserted += counts.inserted;
    result.updated += counts.updated;
    result.unchanged += counts.unchanged;
  }
  if (deletedUuids.length > 0) {
    const ids = [...new Set(deletedUuids.map(recordUuid))].sort();
    const [{ deleted, spans }] = await em.query(MARK_DELETED_SQL, [userRef, ids]);
    result.deleted = Number(deleted);
    for (const d of (spans ?? []) as { sampleType: string; startTime: string; endTime: string }[]) {
      stale.push(rollupRange(d.sampleType, new Date(d.startTime), new Date(d.endTime)));
    }
  }
  await refreshRollup(em, userId, stale, userRef);
  return result;
}
