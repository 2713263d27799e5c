import type { TargetTable } from '../parsing/data-types';
import type { NormalizedPoint } from '../parsing/normalized-point';
import { SourceIdentity } from '../sources/source-classifier';
import { sourceKey } from '../sources/source-resolver';

/**
 * A chunk ready to write, as it travels in its job: each table's rows already serialised as the
 * JSON array the upsert reads, so the worker hands them to PostgreSQL without parsing 200 objects
 * and stringifying them again. Rows name their source by index into `sources` (a chunk has one to
 * three sources; repeating them in every row made jobs a quarter bigger).
 */
export interface ChunkRows {
  sources: SourceIdentity[];
  tables: Partial<Record<TargetTable, string>>;
  rowCounts: Partial<Record<TargetTable, number>>;
}

/** Duplicates inside the chunk collapse to the last one: ON CONFLICT cannot touch a row twice. */
export function buildChunkRows(points: readonly NormalizedPoint[]): ChunkRows {
  const sourceIndex = new Map<string, number>();
  const sources: SourceIdentity[] = [];
  const byTable = new Map<TargetTable, Map<string, Record<string, unknown>>>();
  for (const point of points) {
    const { source, table, ...row } = point;
    const key = sourceKey(source);
    let index = sourceIndex.get(key);
    if (index === undefined) {
      index = sources.push(source) - 1;
      sourceIndex.set(key, index);
    } else if (!sources[index].productType && source.productType) {
      // A point that knows the product type (Watch6,7 / iPhone15,2) classifies the source better.
      sources[index] = source;
    }
    let rows = byTable.get(table);
    if (!rows) byTable.set(table, (rows = new Map()));
    rows.set(row.recordKey, { ...row, sourceIndex: index });
  }
  const tables: ChunkRows['tables'] = {};
  const rowCounts: ChunkRows['rowCounts'] = {};
  for (const [table, rows] of byTable) {
    tables[table] = JSON.stringify([...rows.values()]);
    rowCounts[table] = rows.size;
  }
  return { sources, tables, rowCounts };
}
