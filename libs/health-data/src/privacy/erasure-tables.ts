import { LEDGER_TABLES } from '@app/store/ledger/ledger-tables';
import { namedRowsSql, userRefOf } from '../storage/row-references';
import { HEALTH_TABLES } from '../storage/table-specs';

/**
 * Every table holding a user's rows, in the order an erasure empties them: health rows before the
 * contexts and sources they reference (no foreign key enforces this, see HealthRecordBase.context), rejected items before the chunks they
 * cascade from (so they are counted), the user's app_user row (their subject) last. The one list
 * erasure and export both use: a new per-user table goes here.
 */
export const USER_DATA_TABLES = [
  'healthkit_sample',
  'healthkit_workout',
  'healthkit_sleep_analysis',
  'healthkit_clinical_record',
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

const LEDGER_TABLE_SET = new Set<string>(LEDGER_TABLES);
/** The four health tables (TABLE_SPECS), whose rows spell their references out in an export. */
const HEALTH_ROW_TABLES = new Set<string>(HEALTH_TABLES);
/**
 * Tables that name their user by `user_ref` (the app_user id) instead of the subject text. The one
 * place that chooses while some tables still key on user_id (issue 18: the ledger's tables moved
 * to user_ref; the others follow, and then this choice goes).
 */
const BY_USER_REF = new Set<string>([...HEALTH_TABLES, 'sample_context', 'health_tombstone', ...LEDGER_TABLES]);

/** SQL that holds for the rows of table alias `x` owned by the subject in parameter $1. */
export function ownedBy(table: UserDataTable): string {
  if (table === 'app_user') return 'x.subject = $1';
  return BY_USER_REF.has(table) ? `x.user_ref = ${userRefOf('$1')}` : 'x.user_id = $1';
}

/**
 * As ownedBy, but with the user's app_user id given in `userRefParam` instead of looked up through
 * app_user: an erasure resolves it once, so its batches find the rows whatever was deleted first.
 */
export function ownedByKeys(table: UserDataTable, subjectParam: string, userRefParam: string): string {
  if (table === 'app_user') return `x.subject = ${subjectParam}`;
  return BY_USER_REF.has(table) ? `x.user_ref = ${userRefParam}::int` : `x.user_id = ${subjectParam}`;
}

/** Rows of the table as an export shows them (alias `x`): health rows with their names spelt out, ledger rows with their subject. */
export function exportedRows(table: UserDataTable): string {
  if (HEALTH_ROW_TABLES.has(table)) return namedRowsSql(table);
  // The ledger's rows carry their user_ref; the export spells the subject out as user_id, as before.
  if (LEDGER_TABLE_SET.has(table))
    return `(SELECT l.*, u.subject AS user_id FROM ${table} l JOIN app_user u ON u.id = l.user_ref) AS x`;
  return `${table} x`;
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
