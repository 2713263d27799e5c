/**
 * Tells passing trouble (connection lost, deadlock, server shutting down) from errors that
 * the same input will hit again (bad data, constraint violation). PostgreSQL SQLSTATE classes:
 * 08 connection, 40 transaction rollback (deadlock, serialization), 53 resources, 57 operator
 * intervention (shutdown, statement timeout), 55P03 lock not available.
 */
const TRANSIENT_SQLSTATE = /^(08|40|53|57|55P03)/;
const PERMANENT_SQLSTATE = /^(22|23|42)/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

function codeOf(err: unknown): string {
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  return String(e?.driverError?.code ?? e?.code ?? '');
}

export function isTransientDbError(err: unknown): boolean {
  const code = codeOf(err);
  if (TRANSIENT_SQLSTATE.test(code) || TRANSIENT_NODE_CODES.has(code)) return true;
  const message = (err as Error)?.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED/i.test(message);
}

/** Errors that retrying the same chunk cannot fix. */
export function isPermanentDbError(err: unknown): boolean {
  return PERMANENT_SQLSTATE.test(codeOf(err));
}
