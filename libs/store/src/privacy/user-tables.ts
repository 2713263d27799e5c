import { namedRowsSql, userRefOf } from '../health-rows/row-references';
import { HEALTH_TABLES, TABLE_SPECS } from '../health-rows/table-specs';
import { LEDGER_TABLES } from '../ledger/ledger-tables';

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

/** The four health tables (TABLE_SPECS), whose rows spell their references out in an export. */
const HEALTH_ROW_TABLES = new Set<string>(HEALTH_TABLES);

/** SQL that holds for the rows of table alias `x` owned by the subject in parameter $1. */
export function ownedBy(table: UserDataTable): string {
  if (table === 'app_user') return 'x.subject = $1';
  return `x.user_ref = ${userRefOf('$1')}`;
}

/**
 * As ownedBy, but with the user's app_user id given in `userRefParam` instead of looked up through
 * app_user: an erasure resolves it once, so its batches find the rows whatever was deleted first.
 */
export function ownedByKeys(table: UserDataTable, subjectParam: string, userRefParam: string): string {
  if (table === 'app_user') return `x.subject = ${subjectParam}`;
  return `x.user_ref = ${userRefParam}::int`;
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
  return table === 'app_user' ? `${table} x` : rowsWithSubjectSql(table);
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
