/**
 * Every table holding a user's rows (all have `user_id`), in the order an erasure empties them:
 * health rows before the sources they reference (ON DELETE RESTRICT), rejected items before the
 * chunks they cascade from (so they are counted). The one list erasure and export both use: a new
 * per-user table goes here.
 */
export const USER_DATA_TABLES = [
  'healthkit_sample',
  'healthkit_workout',
  'healthkit_sleep_analysis',
  'healthkit_clinical_record',
  'sample_rollup',
  'source_precedence',
  'healthkit_source',
  'healthkit_sync_state',
  'sync_rejected_item',
  'sync_chunk',
] as const;

export type UserDataTable = (typeof USER_DATA_TABLES)[number];
