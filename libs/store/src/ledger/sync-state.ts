import type { EntityManager } from 'typeorm';
import { statement } from '../sql/statement';
import { ledgerUserOf } from './ledger-user';

/** Where the phone resumes its next sync of a data type (healthkit_sync_state, what the API shows). */
export interface SyncStateRow {
  dataType: string;
  lastAnchor: string;
  lastSyncTime: Date;
}

const COLUMNS = `data_type AS "dataType", last_anchor AS "lastAnchor", last_sync_time AS "lastSyncTime"`;

/** $1 subject, $2 data type. */
const STATE_OF_TYPE = statement(
  'ledger/sync-state-of-type',
  `SELECT ${COLUMNS} FROM healthkit_sync_state WHERE user_ref = ${ledgerUserOf('$1')} AND data_type = $2`,
);
/** $1 subject. */
const STATES_OF_USER = statement(
  'ledger/sync-states-of-user',
  `SELECT ${COLUMNS} FROM healthkit_sync_state WHERE user_ref = ${ledgerUserOf('$1')} ORDER BY data_type`,
);

export async function syncStateOf(em: EntityManager, userId: string, dataType: string): Promise<SyncStateRow | null> {
  const [row]: SyncStateRow[] = await em.query(STATE_OF_TYPE, [userId, dataType]);
  return row ?? null;
}

export function syncStatesOf(em: EntityManager, userId: string): Promise<SyncStateRow[]> {
  return em.query(STATES_OF_USER, [userId]);
}
