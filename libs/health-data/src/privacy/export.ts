import type { DataSource } from 'typeorm';
import { existingUserTables } from './erasure';
import { UserDataTable } from './erasure-tables';

export interface ExportPage {
  /** One JSON object per line: {"table": "...", "row": {every column as stored}}. */
  jsonLines: string;
  count: number;
  /** Pass back to get the next page; null after the last row of the last table. */
  nextCursor: string | null;
}

interface Cursor {
  table: number;
  afterId: string;
}

// Tables are read in USER_DATA_TABLES order, each by its id: a page is one index range scan.
const hasIdColumn = `SELECT table_name AS t FROM information_schema.columns
  WHERE table_schema = current_schema() AND column_name = 'id' AND table_name = ANY($1::text[])`;
const pageOf = (table: UserDataTable) => `SELECT x.id::text AS id, row_to_json(x)::text AS json FROM ${table} x
  WHERE x.user_id = $1 AND x.id > $2::bigint ORDER BY x.id LIMIT $3`;

/** A page of the user's raw rows across every user table (the ones without an id column are skipped). */
export async function exportPage(
  dataSource: DataSource,
  userId: string,
  cursor: string | null,
  limit: number,
): Promise<ExportPage> {
  const existing = await existingUserTables(dataSource);
  const withId = new Set((await dataSource.query(hasIdColumn, [existing])).map((r: { t: string }) => r.t));
  const tables = existing.filter((t) => withId.has(t));
  let at = decodeCursor(cursor);
  const lines: string[] = [];
  while (at.table < tables.length && lines.length < limit) {
    const table = tables[at.table];
    const rows: { id: string; json: string }[] = await dataSource.query(pageOf(table), [
      userId,
      at.afterId,
      limit - lines.length,
    ]);
    for (const row of rows) lines.push(`{"table":${JSON.stringify(table)},"row":${row.json}}`);
    at =
      rows.length > 0 && lines.length >= limit
        ? { table: at.table, afterId: rows[rows.length - 1].id }
        : { table: at.table + 1, afterId: '0' };
  }
  return { jsonLines: lines.join('\n'), count: lines.length, nextCursor: at.table < tables.length ? encodeCursor(at) : null };
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export class InvalidCursorError extends Error {}

function decodeCursor(cursor: string | null): Cursor {
  if (!cursor) return { table: 0, afterId: '0' };
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Cursor;
    if (Number.isInteger(parsed.table) && parsed.table >= 0 && /^\d+$/.test(parsed.afterId)) return parsed;
  } catch {
    // falls through
  }
  throw new InvalidCursorError('cursor is not one this API returned');
}
