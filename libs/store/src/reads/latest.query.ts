import { rowWithInstants } from '@app/health-data/queries/structured-values';
import type { EntityManager } from 'typeorm';
import { findUserRef } from '../health-rows/row-references';
import { statement } from '../sql/statement';
import { COLUMNS, FROM, SampleRow } from './record-pages.query';

/** The newest sample of one type, or null when the caller has none. */
export interface LatestValue {
  sampleType: string;
  sample: SampleRow | null;
}

/**
 * Per type: the sample that starts last. Where sources wrote a reading at that same instant, the
 * best-ranked one is taken (the rank `rankJoins` gives, overrides applied), then the one synced
 * last. One index probe per type on (user_ref, type_id, start_time), read backwards.
 */
export const LATEST_SQL = statement(
  'reads/latest',
  `SELECT t.name AS "requested", x.*
FROM unnest($2::text[]) WITH ORDINALITY AS t(name, ord)
LEFT JOIN health_term term ON term.name = t.name
LEFT JOIN LATERAL (
  SELECT ${COLUMNS}, s.value, s.value_detail AS "valueDetail"
  ${FROM('healthkit_sample')}
  WHERE s.user_ref = $1::int AND s.type_id = term.id AND s.deleted_at IS NULL
  ORDER BY s.start_time DESC, precedence, s.updated_at DESC, s.record_key
  LIMIT 1
) x ON TRUE
ORDER BY t.ord`,
);

export async function latestValues(em: EntityManager, userId: string, sampleTypes: readonly string[]): Promise<LatestValue[]> {
  const userRef = await findUserRef(em, userId);
  if (userRef === null) return sampleTypes.map((sampleType) => ({ sampleType, sample: null }));
  // A type without a sample comes back with every column of `x` null.
  const rows: ({ requested: string } & (SampleRow | { [K in keyof SampleRow]: null }))[] = await em.query(LATEST_SQL, [
    userRef,
    sampleTypes,
  ]);
  return rows.map(({ requested, ...row }) => ({
    sampleType: requested,
    sample: row.id === null ? null : rowWithInstants(row as SampleRow),
  }));
}
