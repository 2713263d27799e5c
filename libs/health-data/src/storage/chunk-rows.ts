import type { TargetTable } from '../parsing/data-types';
import type { NormalizedPoint } from '../parsing/normalized-point';
import type { ProfileFact } from '../profile/profile-facts';
import { SourceIdentity, sourceList } from '../sources/source-classifier';
import { contextList, RowContext } from './row-context';

/**
 * A chunk ready to write, as it travels in its job: each table's rows already serialised as the
 * JSON array the upsert reads, so the worker hands them to PostgreSQL without parsing 200 objects
 * and stringifying them again. What repeats from row to row travels once: rows name their source
 * and their context (unit, recording method, phone, metadata) by index into `sources` and
 * `contexts`, and `types` lists the chunk's data-type names for the worker to resolve to ids.
 */
export interface ChunkRows {
  sources: SourceIdentity[];
  contexts: RowContext[];
  types: string[];
  tables: Partial<Record<TargetTable, string>>;
  rowCounts: Partial<Record<TargetTable, number>>;
  /**
   * Per table, the Health Connect record ids of its rows (tables without any are absent): each
   * record's new version replaces the stored one. Absent in jobs queued before record replace
   * (chunkRecordIds then reads them from the rows).
   */
  recordIds?: Partial<Record<TargetTable, string[]>>;
  /** Characteristics for the user's profile (absent when the chunk has none, as in older jobs). */
  profile?: ProfileFact[];
}

/** Duplicates inside the chunk collapse to the last one: ON CONFLICT cannot touch a row twice. */
export function buildChunkRows(points: readonly NormalizedPoint[], profile: readonly ProfileFact[] = []): ChunkRows {
  const sources = sourceList();
  const contexts = contextList();
  const types = new Set<string>();
  const byTable = new Map<TargetTable, Map<string, Record<string, unknown>>>();
  for (const point of points) {
    const { source, table, unit, recordingMethod, sourceDeviceId, metadata, ...row } = point;
    const index = sources.indexOf(source);
    const contextIndex = contexts.indexOf({ unit, recordingMethod, sourceDeviceId, metadata });
    types.add(row.sampleType);
    let rows = byTable.get(table);
    if (!rows) byTable.set(table, (rows = new Map()));
    rows.set(row.recordKey, { ...row, sourceIndex: index, contextIndex });
  }
  const tables: ChunkRows['tables'] = {};
  const rowCounts: ChunkRows['rowCounts'] = {};
  const recordIds: NonNullable<ChunkRows['recordIds']> = {};
  for (const [table, rows] of byTable) {
    const values = [...rows.values()];
    tables[table] = JSON.stringify(values);
    rowCounts[table] = rows.size;
    const ids = recordIdsOf(values);
    if (ids.length > 0) recordIds[table] = ids;
  }
  const rows: ChunkRows = { sources: sources.list, contexts: contexts.list, types: [...types], tables, rowCounts, recordIds };
  if (profile.length > 0) rows.profile = profile.map(({ field, value, recordedAt }) => ({ field, value, recordedAt }));
  return rows;
}

function recordIdsOf(rows: readonly { recordId?: unknown }[]): string[] {
  const ids = new Set<string>();
  for (const row of rows) if (typeof row.recordId === 'string') ids.add(row.recordId);
  return [...ids].sort();
}

/** The Health Connect record ids of a table's rows; read from the rows for a job made before `recordIds` existed. */
export function chunkRecordIds(chunk: ChunkRows, table: TargetTable): string[] {
  if (chunk.recordIds) return chunk.recordIds[table] ?? [];
  return recordIdsOf(JSON.parse(chunk.tables[table] ?? '[]') as { recordId?: unknown }[]);
}
