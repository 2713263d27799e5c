import { namedRowsSql, userRefOf } from '../health-rows/row-references';
import { HEALTH_TABLES, TABLE_SPECS } from '../health-rows/table-specs';

/**
 * The ledger's per-user tables. TEMPORARY: the ledger module (libs/store/src/ledger) exports
 * LEDGER_TABLES; once it is merged this list is replaced by it.
 */
const LEDGER_TABLES = ['healthkit_sync_state', 'sync_rejected_item', 'sync_chunk', 'sync_run'] as const;

/**
 * Every table holding a user's rows, in the order an erasure empties them: health rows before the
 * contexts and sources they reference (no foreign key enforces this, see HealthRecordBase.context),
 * rejected items before the chunks they cascade from (so they are counted), the user's app_user row
 * (their subject) last. The one list erasure, export and retention use: a new per-user table goes here.
 */
export const USER_DATA_TABLES = [
  // In the order exports have always listed them (an export cursor counts tables).
  TABLE_SPECS.sample.table,
  TABLE_SPECS.workout.table,
  TABLE_SPECS.sleep.table,
  TABLE_SPECS.clinical.table,
  'health_tombstone',
  'sample_context',
  'sample_rollup',
  'source_precedence',
  'healthkit_source',
  ...LEDGER_TABLES,
  'user_profile',
  'app_user',
] as const;

export type UserDataTable = (typeof USER_DATA_TABLES)[number];

if (HEALTH_TABLES.some((t) => !(USER_DATA_TABLES as readonly string[]).includes(t))) {
  throw new Error('a health table of TABLE_SPECS is missing from USER_DATA_TABLES');
}

/**
 * The column each user table names its user by: `user_ref` (the app_user id) or, TEMPORARY until
 * the ledger's user_ref migration is merged, `user_id` (the subject). The only place that choice is
 * made: after the merge every entry but app_user's is user_ref and this map can go.
 */
const USER_KEY: Record<Exclude<UserDataTable, 'app_user'>, 'user_ref' | 'user_id'> = {
  healthkit_sample: 'user_ref',
  healthkit_sleep_analysis: 'user_ref',
  healthkit_workout: 'user_ref',
  healthkit_clinical_record: 'user_ref',
  health_tombstone: 'user_ref',
  sample_context: 'user_ref',
  sample_rollup: 'user_ref',
  source_precedence: 'user_ref',
  healthkit_source: 'user_ref',
  healthkit_sync_state: 'user_id',
  sync_rejected_item: 'user_id',
  sync_chunk: 'user_id',
  sync_run: 'user_id',
  user_profile: 'user_ref',
};

/** The four health tables (TABLE_SPECS), whose rows spell their references out in an export. */
const HEALTH_ROW_TABLES = new Set<string>(HEALTH_TABLES);

/** SQL that holds for the rows of table alias `x` owned by the subject in parameter $1. */
export function ownedBy(table: UserDataTable): string {
  if (table === 'app_user') return 'x.subject = $1';
  return USER_KEY[table] === 'user_ref' ? `x.user_ref = ${userRefOf('$1')}` : 'x.user_id = $1';
}

/**
 * As ownedBy, but with the user's app_user id given in `userRefParam` instead of looked up through
 * app_user: an erasure resolves it once, so its batches find the rows whatever was deleted first.
 */
export function ownedByKeys(table: UserDataTable, subjectParam: string, userRefParam: string): string {
  if (table === 'app_user') return `x.subject = ${subjectParam}`;
  return USER_KEY[table] === 'user_ref' ? `x.user_ref = ${userRefParam}::int` : `x.user_id = ${subjectParam}`;
}

/**
 * A user_ref table's rows with the subject spelt out as `user_id`, as alias `x`: what an export
 * hands the user (as namedRowsSql does for the health rows).
 */
export function rowsWithSubjectSql(table: string): string {
  return `(SELECT t.*, u.subject AS user_id FROM ${table} t JOIN app_user u ON u.id = t.user_ref) AS x`;
}

/** Rows of the table as an export shows them (alias `x`): health rows with their names spelt out. */
export function exportedRows(table: UserDataTable): string {
  if (HEALTH_ROW_TABLES.has(table)) return namedRowsSql(table);
  return table !== 'app_user' && USER_KEY[table] === 'user_ref' ? rowsWithSubjectSql(table) : `${table} x`;
}

/**
 * The column a table's rows are exported in order of, unique per user; null where a table is not
 * exported on its own: the rollup (derived from the samples), contexts and app_user (each health
 * row carries its context's fields and the user's subject), and the tombstones of deletions (what
 * they name is gone; they only order late writes).
 */
export function exportKey(table: UserDataTable): { column: string; type: 'bigint' | 'uuid' } | null {
  if (table === 'sample_rollup' || table === 'sample_context' || table === 'app_user' || table === 'health_tombstone') {
    return null;
  }
  return HEALTH_ROW_TABLES.has(table) ? { column: 'record_key', type: 'uuid' } : { column: 'id', type: 'bigint' };
}
