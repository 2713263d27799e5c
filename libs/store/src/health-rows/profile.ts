import type { ProfileFact, ProfileField } from '@app/health-data/profile/profile-facts';
import type { EntityManager } from 'typeorm';
import { statement } from '../sql/statement';
import { runStatement } from '../sql/run-statement';
import { userRefOf } from './row-references';

const COLUMN: Record<ProfileField, string> = { gender: 'gender', birthDate: 'birth_date', bloodType: 'blood_type' };
const FIELDS = Object.keys(COLUMN) as ProfileField[];

/** A field takes the incoming reading when it is at least as recent as the stored one. */
const newer = (c: string) =>
  `EXCLUDED.${c}_recorded_at IS NOT NULL AND (p.${c}_recorded_at IS NULL OR EXCLUDED.${c}_recorded_at >= p.${c}_recorded_at)`;
const set = FIELDS.map(
  (f) =>
    `${COLUMN[f]} = CASE WHEN ${newer(COLUMN[f])} THEN EXCLUDED.${COLUMN[f]} ELSE p.${COLUMN[f]} END,
  ${COLUMN[f]}_recorded_at = CASE WHEN ${newer(COLUMN[f])} THEN EXCLUDED.${COLUMN[f]}_recorded_at ELSE p.${COLUMN[f]}_recorded_at END`,
).join(',\n  ');
const changed = FIELDS.map(
  (f) =>
    `(${newer(COLUMN[f])} AND (EXCLUDED.${COLUMN[f]}, EXCLUDED.${COLUMN[f]}_recorded_at) IS DISTINCT FROM (p.${COLUMN[f]}, p.${COLUMN[f]}_recorded_at))`,
).join(' OR ');

/**
 * $1 user_ref, then per field its value and when it was read (both null where the chunk has none).
 * Unchanged rows are not rewritten (a re-sent chunk writes nothing).
 */
const UPSERT_SQL = statement(
  'health-rows/upsert-profile',
  `INSERT INTO user_profile AS p (user_ref, ${FIELDS.map((f) => `${COLUMN[f]}, ${COLUMN[f]}_recorded_at`).join(', ')})
VALUES ($1, $2, $3, $4::date, $5, $6, $7)
ON CONFLICT (user_ref) DO UPDATE SET
  ${set},
  updated_at = now()
WHERE ${changed}
RETURNING (xmax = 0) AS inserted`,
);

export interface ProfileWriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Keeps the user's profile, inside the chunk's transaction: per field, the latest reading wins,
 * within the chunk and against what is stored, so chunks stored out of order still end on the newest.
 */
export async function writeProfile(
  em: EntityManager,
  userRef: number,
  facts: readonly ProfileFact[],
): Promise<ProfileWriteCounts> {
  const latest = new Map<ProfileField, ProfileFact>();
  for (const fact of facts) {
    const seen = latest.get(fact.field);
    if (!seen || Date.parse(fact.recordedAt) >= Date.parse(seen.recordedAt)) latest.set(fact.field, fact);
  }
  const params = [userRef, ...FIELDS.flatMap((f) => [latest.get(f)?.value ?? null, latest.get(f)?.recordedAt ?? null])];
  const rows: { inserted: boolean }[] = await runStatement(em, UPSERT_SQL, params);
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted, unchanged: 1 - rows.length };
}

export interface UserProfile {
  gender: string | null;
  birthDate: string | null;
  bloodType: string | null;
}

const READ_PROFILE = statement(
  'health-rows/read-profile',
  `SELECT gender, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", blood_type AS "bloodType" FROM user_profile WHERE user_ref = ${userRefOf('$1')}`,
);

/** The caller's profile; every field null when the phone never sent one. */
export async function readProfile(em: EntityManager, userId: string): Promise<UserProfile> {
  const [row]: UserProfile[] = await runStatement(em, READ_PROFILE, [userId]);
  return row ?? { gender: null, birthDate: null, bloodType: null };
}
