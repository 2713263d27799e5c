/**
 * Opaque page cursors over (time, id): the time in microseconds since the epoch (what PostgreSQL
 * stores, so no row is skipped or repeated at a millisecond boundary) and the row's record key (a
 * uuid) that breaks ties. base64url of JSON, so the app treats it as an opaque string.
 */
export interface Keyset {
  micros: string;
  id: string;
}

export function encodeCursor(k: Keyset): string {
  return Buffer.from(JSON.stringify([k.micros, k.id])).toString('base64url');
}

/** 0001-01-01T00:00:00Z (Date.UTC would read year 1 as 1901). */
const MIN_CURSOR_MICROS = -62_135_596_800_000_000n;
/** 10000-01-01T00:00:00Z, exclusive. */
const MAX_CURSOR_MICROS = 253_402_300_800_000_000n;

/** null when the cursor was not made by encodeCursor. */
export function decodeCursor(cursor: string): Keyset | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [micros, id] = value;
    if (typeof micros !== 'string' || !/^-?\d{1,19}$/.test(micros)) return null;
    // PostgreSQL refuses a timestamp outside years 1–9999 here ("out of range"): a forged cursor, not a 500.
    if (BigInt(micros) < MIN_CURSOR_MICROS || BigInt(micros) >= MAX_CURSOR_MICROS) return null;
    if (typeof id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return null;
    return { micros, id };
  } catch {
    return null;
  }
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}

/** Rows fetched one past the page size tell whether another page follows. */
export function toConnection<T extends { cursorMicros: string; id: string }>(rows: T[], first: number): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: encodeCursor({ micros: node.cursorMicros, id: node.id }), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}
