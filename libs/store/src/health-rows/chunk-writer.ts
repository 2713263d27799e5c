import type { TargetTable } from '@app/health-data/parsing/data-types';
import { recordUuid } from '@app/health-data/parsing/record-uuid';
import { quarterSpan, RollupRange } from '@app/health-data/rollup/rollup-spans';
import { sourceKey, sourceList } from '@app/health-data/sources/source-classifier';
import { chunkRecordIds, ChunkRows } from '@app/health-data/storage/chunk-rows';
import { isLegacyChunkRows, upgradeChunkRows } from '@app/health-data/storage/legacy-chunk-rows';
import { contextList } from '@app/health-data/storage/row-context';
import type { EntityManager } from 'typeorm';
import { ORDER_LOCK_SQL } from '../locks/advisory-locks';
import { refreshRollup } from '../rollup/sample-rollup';
import { statement } from '../sql/statement';
import { runStatement } from '../sql/run-statement';
import { writeProfile } from './profile';
import { resolveContexts, resolveTypeIds, resolveUserRef } from './row-references';
import { resolveSources } from './sources';
import { buildReplaceSql, buildUpsertSql, HEALTH_TABLES, TABLE_SPECS } from './table-specs';

export interface TableWriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ChunkWriteResult extends TableWriteCounts {
  /** Rows marked deleted: by the chunk's deletedUuids and by Health Connect record replace. */
  deleted: number;
  /** The same counts per PostgreSQL table that had rows (for per-table metrics). */
  tables: Record<string, TableWriteCounts>;
}

/** The table whose rows feed aggregates: its changes must reach the rollup in the same transaction. */
const ROLLED_UP: TargetTable = 'sample';

/** Per table: the upsert for HealthKit rows, and the one for rows of Health Connect records. */
const UPSERT_SQL = Object.fromEntries(
  Object.entries(TABLE_SPECS).map(([table, spec]) => [
    table,
    {
      healthKit: statement(`health-rows/upsert/${spec.table}`, buildUpsertSql(spec, { returnSpans: table === ROLLED_UP })),
      healthConnect: statement(
        `health-rows/upsert-records/${spec.table}`,
        buildUpsertSql(spec, { returnSpans: table === ROLLED_UP, healthConnectRecords: true }),
      ),
    },
  ]),
) as Record<TargetTable, { healthKit: string; healthConnect: string }>;

const REPLACE_SQL = Object.fromEntries(
  Object.entries(TABLE_SPECS).map(([table, spec]) => [
    table,
    statement(`health-rows/replace-records/${spec.table}`, buildReplaceSql(spec, { returnSpans: table === ROLLED_UP })),
  ]),
) as Record<TargetTable, string>;

// One statement marks a deletion in every table: a type-less id (Health Connect) may live in any of
// them, and names either a row (record_key) or every point of a Health Connect record (record_id).
// Deleted samples also report where they were, since the rollup there no longer holds.
// The order rule ($3 the chunk's position): a row written later is left alone; a row deleted
// earlier takes the position (its deleted_at stays). Every id also leaves a tombstone with the
// position: an upsert of it from an earlier position, still on its way, must not bring it back,
// whether the row exists yet or not (a Health Connect record may gain a point it never had).
const MARK_DELETED_SQL = statement(
  'health-rows/mark-deleted',
  `WITH ${HEALTH_TABLES.map(
    (t, i) => `d${i} AS (UPDATE ${t} SET deleted_at = coalesce(deleted_at, now()), write_pos = $3::bigint,
      updated_at = CASE WHEN deleted_at IS NULL THEN now() ELSE updated_at END
    WHERE user_ref = $1 AND (record_key = ANY($2::uuid[]) OR record_id = ANY($2::uuid[]))
      AND write_pos <= $3::bigint AND (deleted_at IS NULL OR write_pos < $3::bigint)
    RETURNING deleted_at = now() AS newly${t === TABLE_SPECS[ROLLED_UP].table ? ', type_id, start_time, end_time' : ''})`,
  ).join(',\n')},
tomb AS (
  INSERT INTO health_tombstone AS h (user_ref, record_id, write_pos)
  SELECT $1, id, $3::bigint FROM unnest($2::uuid[]) AS id
  ORDER BY id
  ON CONFLICT (user_ref, record_id) DO UPDATE SET write_pos = EXCLUDED.write_pos WHERE h.write_pos < EXCLUDED.write_pos
)
SELECT ${HEALTH_TABLES.map((_, i) => `(SELECT count(*) FILTER (WHERE newly) FROM d${i})`).join(' + ')} AS deleted,
  (SELECT jsonb_agg(jsonb_build_object('sampleType', ht.name, 'startTime', d.start_time, 'endTime', d.end_time))
   FROM d${HEALTH_TABLES.indexOf(TABLE_SPECS[ROLLED_UP].table)} d JOIN health_term ht ON ht.id = d.type_id WHERE d.newly) AS spans`,
);

/**
 * The order rule's lock, per user, taken first: a chunk that can write a tombstone or replace a
 * Health Connect record takes it exclusively, every other chunk shared. Those two write what an
 * older chunk's insert must see (an id it must not insert), and a concurrent insert would not
 * see it in its snapshot; row locks order every other pair of writes. Usual chunks (HealthKit,
 * no deletions) never wait for each other. The same statement finds the user's app_user id.
 */
const lockOrderSql = (exclusive: boolean) => (exclusive ? ORDER_LOCK_SQL.exclusive : ORDER_LOCK_SQL.shared);

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

/** One chunk of a user to write: its rows, the ids it deletes, its place in the phone's order. */
export interface UserChunkWrite {
  rows: ChunkRows;
  deletedUuids: readonly string[];
  /** writePosition of the chunk: nothing here overwrites a write from a later position. */
  position: string;
}

/**
 * Stores one chunk for one user inside the caller's transaction: sources, then one upsert per
 * table that has rows (and the replace of its Health Connect records), then deletions, then the
 * aggregates rollup of every span that changed. `position` (writePosition) is where the chunk
 * stands in the phone's order: nothing here overwrites a write from a later position.
 */
export async function writeChunk(
  em: EntityManager,
  userId: string,
  chunk: ChunkRows,
  deletedUuids: readonly string[],
  position: string,
): Promise<ChunkWriteResult> {
  const [result] = await writeUserChunks(em, userId, [{ rows: chunk, deletedUuids, position }]);
  return result;
}

/**
 * Stores several chunks of one user inside the caller's transaction, in the order given (the
 * caller's: sync start, then chunk index). What is per user is done once: the order lock,
 * sources, contexts and types resolved for all the chunks' lists together, and one rollup
 * refresh over the merged spans of every chunk. Each chunk keeps its own upserts and deletions
 * at its own write position, and its own counts.
 */
export async function writeUserChunks(
  em: EntityManager,
  userId: string,
  writes: readonly UserChunkWrite[],
  knownTypeIds: ReadonlyMap<string, number> = new Map(),
): Promise<ChunkWriteResult[]> {
  const chunks = writes.map((w) => ({ ...w, rows: isLegacyChunkRows(w.rows) ? upgradeChunkRows(w.rows) : w.rows }));
  const recordIdsOf = chunks.map(
    ({ rows }) => new Map((Object.keys(rows.tables) as TargetTable[]).map((t) => [t, chunkRecordIds(rows, t)])),
  );
  const exclusive = chunks.some(
    (c, i) => c.deletedUuids.length > 0 || [...recordIdsOf[i].values()].some((ids) => ids.length > 0),
  );
  const [locked]: { id: number | null }[] = await runStatement(em, lockOrderSql(exclusive), [userId]);
  const userRef = locked.id ?? (await resolveUserRef(em, userId));
  const references = await resolveReferences(
    em,
    userRef,
    chunks.map((c) => c.rows),
    knownTypeIds,
  );
  const stale: RollupRange[] = [];
  const results: ChunkWriteResult[] = [];
  for (const [i, chunk] of chunks.entries()) {
    results.push(await writeRows(em, userRef, chunk, recordIdsOf[i], references[i], stale));
  }
  await refreshRollup(em, userId, stale, userRef);
  return results;
}

interface ChunkReferenceIds {
  sourceIds: string[];
  contextIds: string[];
  typeIds: number[];
}

/**
 * The ids of each chunk's sources, contexts and types, resolved for all the chunks at once: their
 * lists are merged (a source that knows its product type wins, as within a chunk) and each chunk
 * gets its own lists back as ids, in its own order, which its rows index into.
 */
async function resolveReferences(
  em: EntityManager,
  userRef: number,
  chunks: readonly ChunkRows[],
  knownTypeIds: ReadonlyMap<string, number>,
): Promise<ChunkReferenceIds[]> {
  const withRows = chunks.filter((c) => Object.keys(c.tables).length > 0);
  const none: ChunkReferenceIds = { sourceIds: [], contextIds: [], typeIds: [] };
  if (withRows.length === 0) return chunks.map(() => none);
  const sources = sourceList();
  const contexts = contextList();
  const types = new Set<string>();
  for (const chunk of withRows) {
    chunk.sources.forEach((s) => sources.indexOf(s));
    chunk.contexts.forEach((c) => contexts.indexOf(c));
    chunk.types.forEach((t) => types.add(t));
  }
  const typeList = [...types].filter((t) => !knownTypeIds.has(t));
  const sourceIds = await resolveSources(em, userRef, sources.list);
  const contextIds = await resolveContexts(em, userRef, contexts.list);
  const typeIds = await resolveTypeIds(em, typeList);
  const sourceIdOf = new Map(sources.list.map((s, i) => [sourceKey(s), sourceIds[i]]));
  const typeIdOf = new Map([...knownTypeIds, ...typeList.map((t, i) => [t, typeIds[i]] as const)]);
  return chunks.map((chunk) =>
    Object.keys(chunk.tables).length === 0
      ? none
      : {
          sourceIds: chunk.sources.map((s) => sourceIdOf.get(sourceKey(s)) as string),
          contextIds: chunk.contexts.map((c) => contextIds[contexts.indexOf(c)]),
          typeIds: chunk.types.map((t) => typeIdOf.get(t) as number),
        },
  );
}

/** One chunk's upserts, record replaces, profile and deletions; the spans they changed go to `stale`. */
async function writeRows(
  em: EntityManager,
  userRef: number,
  { rows: chunk, deletedUuids, position }: UserChunkWrite,
  recordIds: Map<TargetTable, string[]>,
  { sourceIds, contextIds, typeIds }: ChunkReferenceIds,
  stale: RollupRange[],
): Promise<ChunkWriteResult> {
  const result: ChunkWriteResult = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, tables: {} };
  const tables = Object.keys(chunk.tables) as TargetTable[];
  const staleSpans = (spans: { sampleType: string; startTime: string; endTime: string }[] | null) => {
    for (const d of spans ?? []) stale.push(rollupRange(d.sampleType, new Date(d.startTime), new Date(d.endTime)));
  };
  for (const table of tables) {
    const ids = recordIds.get(table) ?? [];
    const params = [userRef, chunk.tables[table], sourceIds, contextIds, chunk.types, typeIds, position];
    const written: ChangedSample[] =
      ids.length > 0
        ? await runStatement(em, UPSERT_SQL[table].healthConnect, [...params, ids])
        : await runStatement(em, UPSERT_SQL[table].healthKit, params);
    if (ids.length > 0) {
      const [replaced] = await runStatement(em, REPLACE_SQL[table], [userRef, ids, position, typeIds]);
      result.deleted += Number(replaced.deleted);
      staleSpans(replaced.spans);
    }
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
  if (chunk.profile && chunk.profile.length > 0) {
    const counts = await writeProfile(em, userRef, chunk.profile);
    result.tables.user_profile = counts;
    result.inserted += counts.inserted;
    result.updated += counts.updated;
    result.unchanged += counts.unchanged;
  }
  if (deletedUuids.length > 0) {
    const ids = [...new Set(deletedUuids.map(recordUuid))].sort();
    const [{ deleted, spans }] = await runStatement(em, MARK_DELETED_SQL, [userRef, ids, position]);
    result.deleted += Number(deleted);
    staleSpans(spans);
  }
  return result;
}
