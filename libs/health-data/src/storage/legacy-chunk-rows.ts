import type { TargetTable } from '../parsing/data-types';
import { recordUuid } from '../parsing/record-uuid';
import type { ChunkRows } from './chunk-rows';
import { contextList, RowContext } from './row-context';

/**
 * Chunk rows as an API before the row-shape migration put them in a job (and in the ledger's
 * outbox payload): text record keys, hkUuid, the platform, unit, recording method, phone and
 * metadata on every row. Jobs queued across the upgrade are stored, not lost.
 */
type LegacyChunkRows = Omit<ChunkRows, 'contexts' | 'types'> & { contexts?: undefined; types?: undefined };

interface LegacyRow extends RowContext {
  recordKey: string;
  hkUuid: string;
  sampleType: string;
  sourcePlatform: string;
  [column: string]: unknown;
}

export function isLegacyChunkRows(rows: ChunkRows | LegacyChunkRows): rows is LegacyChunkRows {
  return !Array.isArray(rows.contexts);
}

/** The same chunk in the current format: uuid keys (recordUuid of the old text key), contexts and types listed. */
export function upgradeChunkRows(legacy: LegacyChunkRows): ChunkRows {
  const contexts = contextList();
  const types = new Set<string>();
  const tables: ChunkRows['tables'] = {};
  for (const [table, json] of Object.entries(legacy.tables) as [TargetTable, string][]) {
    const rows = (JSON.parse(json) as LegacyRow[]).map((row) => {
      const { recordKey, hkUuid, sourcePlatform, unit, recordingMethod, sourceDeviceId, metadata, ...rest } = row;
      types.add(row.sampleType);
      const android = sourcePlatform === 'googleHealthConnect';
      return {
        ...rest,
        recordKey: recordUuid(recordKey),
        recordId: android ? recordUuid(hkUuid) : null,
        contextIndex: contexts.indexOf({ unit, recordingMethod, sourceDeviceId, metadata }),
      };
    });
    tables[table] = JSON.stringify(rows);
  }
  return { sources: legacy.sources, contexts: contexts.list, types: [...types], tables, rowCounts: legacy.rowCounts };
}
