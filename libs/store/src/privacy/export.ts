import type { DataSource } from 'typeorm';
import { statement } from '../sql/statement';
import { existingUserTables } from './erasure';
import { exportedRows, exportKey, ownedBy, USER_DATA_TABLES, UserDataTable } from './user-tables';

export interface ExportPage {
  /** One JSON object per line: {"table": "...", "row": {every column as stored}}. */
  jsonLines: string;
  count: number;
  /** Pass back to get the next page; null after the last row of the last table. */
  nextCursor: string | null;
}

interface Cursor {
  table: number;
  /** The key of the last row returned from that table (an id or a record key); null: from its start. */
  after: string | null;
}

// Tables are read in USER_DATA_TABLES order, each by its key: a page is one index range scan.
/**
 * Up to $3 rows after the key $2; only those within $4 bytes of JSON carry it (`within`), the
 * first one also past the budget when $5 (a page's first row): a clinical record can be
 * megabytes, and 5,000 of them must not be read into the heap. The rows past the budget come
 * back as keys only, so the caller tells "budget spent" from "table done".
 */
const pageOf = (
  table: UserDataTable,
  key: { column: string; type: string },
) => `SELECT key, CASE WHEN within THEN json END AS json, within
FROM (
  SELECT key, json, ord, ($5::boolean AND row_number() OVER w = 1) OR sum(octet_length(json)) OVER w <= $4 AS within
  FROM (SELECT x.${key.column} AS ord, x.${key.column}::text AS key, row_to_json(x)::text AS json FROM ${exportedRows(table)}
        WHERE ${ownedBy(table)} AND ($2::text IS NULL OR x.${key.column} > $2::${key.type}) ORDER BY x.${key.column} LIMIT $3) r
  WINDOW w AS (ORDER BY ord)
) p ORDER BY ord`;

/** Per exported table, built once at load (and registered, so each is committed as text). */
const PAGE_OF: Partial<Record<UserDataTable, string>> = Object.fromEntries(
  USER_DATA_TABLES.flatMap((t) => {
    const key = exportKey(t);
    return key ? [[t, statement(`privacy/export-page/${t}`, pageOf(t, key))]] : [];
  }),
);

/** A page of the user's raw rows across every user table (not the rollup, which is derived from them). */
export async function exportPage(
  dataSource: DataSource,
  userId: string,
  cursor: string | null,
  limit: number,
  maxBytes: number = Number.MAX_SAFE_INTEGER,
): Promise<ExportPage> {
  const tables = (await existingUserTables(dataSource)).filter((t) => exportKey(t) !== null);
  let at = decodeCursor(cursor);
  const first = tables[at.table] && exportKey(tables[at.table]);
  if (first && at.after !== null && /^\d+$/.test(at.after) !== (first.type === 'bigint')) {
    throw new InvalidCursorError('cursor is not one this API returned');
  }
  const lines: string[] = [];
  let bytes = 0;
  while (at.table < tables.length && lines.length < limit) {
    const table = tables[at.table];
    const rows: { key: string; json: string | null; within: boolean }[] = await dataSource.query(PAGE_OF[table]!, [
      userId,
      at.after,
      limit - lines.length,
      maxBytes - bytes,
      lines.length === 0,
    ]);
    const cut = rows.findIndex((r) => !r.within);
    const kept = cut === -1 ? rows : rows.slice(0, cut);
    for (const row of kept) {
      lines.push(`{"table":${JSON.stringify(table)},"row":${row.json}}`);
      bytes += Buffer.byteLength(row.json!);
    }
    if (cut !== -1) {
      // The budget is spent: the next page starts after the last row sent (or where this one started).
      if (kept.length > 0) at = { table: at.table, after: kept[kept.length - 1].key };
      break;
    }
    at =
      rows.length > 0 && lines.length >= limit
        ? { table: at.table, after: rows[rows.length - 1].key }
        : { table: at.table + 1, after: null };
  }
  return { jsonLines: lines.join('\n'), count: lines.length, nextCursor: at.table < tables.length ? encodeCursor(at) : null };
}

const KEY_SHAPE = /^(\d{1,19}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

const MAX_BIGINT = 2n ** 63n - 1n;

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export class InvalidCursorError extends Error {}

function decodeCursor(cursor: string | null): Cursor {
  if (!cursor) return { table: 0, after: null };
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    const after =
      parsed.after === null ||
      // A bigint key past 2^63 - 1 would fail in PostgreSQL ("out of range"): forged, not a 500.
      (typeof parsed.after === 'string' &&
        KEY_SHAPE.test(parsed.after) &&
        !(/^\d+$/.test(parsed.after) && BigInt(parsed.after) > MAX_BIGINT));
    if (Number.isInteger(parsed.table) && parsed.table >= 0 && after) return parsed;
  } catch {
    // falls through
  }
  throw new InvalidCursorError('cursor is not one this API returned');
}
