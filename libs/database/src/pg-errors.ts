/**
 * Tells passing trouble (connection lost, deadlock, server shutting down) from errors that
 * the same input will hit again (bad data, constraint violation). PostgreSQL SQLSTATE classes:
 * 08 connection, 40 transaction rollback (deadlock, serialization), 53 resources, 57 operator
 * intervention (shutdown, statement timeout), 55P03 lock not available.
 */
const TRANSIENT_SQLSTATE = /^(08|40|53|57|55P03)/;
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|not queryable|Client was closed/i;

/**
 * The database as a whole cannot serve anyone right now, whatever the chunk: connection lost or
 * refused, too many connections or out of resources (53), shut down, crashed or starting up
 * (57P01–57P03), a failover that left us on a read-only former primary (25006), credentials or
 * database not (yet) valid (28, 3D000: a rotation or a restore in progress). Waiting is the cure.
 */
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-4]|25006|28|3D000)/;

/** A 5-character SQLSTATE: the error came from PostgreSQL itself. */
const SQLSTATE = /^[0-9A-Z]{5}$/;

export function sqlStateOf(err: unknown): string | undefined {
  const code = codeOf(err);
  return SQLSTATE.test(code) ? code : undefined;
}

function codeOf(err: unknown): string {
  const e = err as { code?: unknown; driverError?: { code?: unknown } };
  return String(e?.driverError?.code ?? e?.code ?? '');
}

function isConnectionFailure(err: unknown): boolean {
  if (TRANSIENT_NODE_CODES.has(codeOf(err))) return true;
  return CONNECTION_MESSAGES.test((err as Error)?.message ?? '');
}

export function isTransientDbError(err: unknown): boolean {
  return TRANSIENT_SQLSTATE.test(codeOf(err)) || isConnectionFailure(err);
}

/** The database is down or unreachable for everyone: no chunk is to blame. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const state = sqlStateOf(err);
  return state ? UNAVAILABLE_SQLSTATE.test(state) : isConnectionFailure(err);
}

/**
 * An error PostgreSQL raised for this input that retrying the same chunk cannot fix: every SQLSTATE
 * that is neither transient nor unavailability (22 data, 23 integrity, 42 syntax, 54 program limits
 * such as an index row over 2,704 bytes, XX internal, …).
 */
export function isPermanentDbError(err: unknown): boolean {
  const state = sqlStateOf(err);
  return state !== undefined && !isTransientDbError(err) && !isDatabaseUnavailable(err);
}

/** SQLSTATE classes an operator reads in a ledger row (PostgreSQL's Appendix A names). */
const CLASS_NAMES: Record<string, string> = {
  '22': 'data exception',
  '23': 'integrity constraint violation',
  '25': 'invalid transaction state',
  '42': 'syntax error or access rule violation',
  '54': 'program limit exceeded',
  '55': 'object not in prerequisite state',
  XX: 'internal error',
};

/**
 * Why PostgreSQL refused the chunk, without any value: PostgreSQL quotes the offending value in
 * many messages (`invalid input syntax for type timestamp: "…"`, `Key (…)=(…)`), so the reason is
 * the SQLSTATE, its class and the names of the table, column and constraint involved.
 */
export function describeDbError(err: unknown): string {
  const state = sqlStateOf(err);
  if (!state) return 'not a database error';
  const e = ((err as { driverError?: unknown })?.driverError ?? err) as {
    table?: unknown;
    column?: unknown;
    constraint?: unknown;
  };
  const names = (['table', 'column', 'constraint'] as const)
    .filter((k) => typeof e[k] === 'string' && /^[a-z0-9_]{1,63}$/.test(e[k] as string))
    .map((k) => `${k} ${e[k] as string}`);
  const className = CLASS_NAMES[state.slice(0, 2)];
  return [`PostgreSQL error SQLSTATE ${state}`, className ? `(${className})` : '', names.length ? `on ${names.join(', ')}` : '']
    .filter(Boolean)
    .join(' ');
}
