import type { TargetTable } from '../parsing/data-types';
import type { NormalizedPoint } from '../parsing/normalized-point';
import type { ProfileFact } from '../profile/profile-facts';
import { SourceIdentity } from '../sources/source-classifier';
import { sourceKey } from '../sources/source-resolver';
import { contextList, RowContext } from './row-references';

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
  /** Characteristics for the user's profile (absent when the chunk has none, as in older jobs). */
  profile?: ProfileFact[];
}

/** Duplicates inside the chunk collapse to the last one: ON CONFLICT cannot touch a row twice. */
export function buildChunkRows(points: readonly NormalizedPoint[], profile: readonly ProfileFact[] = []): ChunkRows {
  const sourceIndex = new Map<string, number>();
  const sources: SourceIdentity[] = [];
  const contexts = contextList();
  const types = new Set<string>();
  const byTable = new Map<TargetTable, Map<string, Record<string, unknown>>>();
  for (const point of points) {
    const { source, table, unit, recordingMethod, sourceDeviceId, metadata, ...row } = point;
    const key = sourceKey(source);
    let index = sourceIndex.get(key);
    if (index === undefined) {
      index = sources.push(source) - 1;
      sourceIndex.set(key, index);
    } else if (!sources[index].productType && source.productType) {
      // A point that knows the product type (Watch6,7 / iPhone15,2) classifies the source better.
      sources[index] = source;
    }
    const contextIndex = contexts.indexOf({ unit, recordingMethod, sourceDeviceId, metadata });
    types.add(row.sampleType);
    let rows = byTable.get(table);
    if (!rows) byTable.set(table, (rows = new Map()));
    rows.set(row.recordKey, { ...row, sourceIndex: index, contextIndex });
  }
  const tables: ChunkRows['tables'] = {};
  const rowCounts: ChunkRows['rowCounts'] = {};
  for (const [table, rows] of byTable) {
    tables[table] = JSON.stringify([...rows.values()]);
    rowCounts[table] = rows.size;
  }
  const rows: ChunkRows = { sources, contexts: contexts.list, types: [...types], tables, rowCounts };
  if (profile.length > 0) rows.profile = profile.map(({ field, value, recordedAt }) => ({ field, value, recordedAt }));
  return rows;
}
