import type { EntityManager } from 'typeorm';
import { userRefOf } from '../health-rows/row-references';
import { RANK, rankJoins } from '../rollup/source-rank';
import { statement } from '../sql/statement';

export interface SourceRow {
  id: string;
  platform: string;
  bundleId: string;
  name: string;
  productType: string | null;
  kind: string;
  /** The rank for every metric without a ranking of its own: the user's, else the default. */
  precedence: number;
  defaultPrecedence: number;
  overrides: { sampleType: string | null; precedence: number }[];
}

const LIST_SOURCES = statement(
  'reads/sources',
  `SELECT src.id, src.platform, src.bundle_id AS "bundleId", src.name, src.product_type AS "productType", src.kind,
            ${RANK} AS precedence, src.precedence AS "defaultPrecedence",
            coalesce((SELECT jsonb_agg(jsonb_build_object('sampleType', nullif(o.sample_type, ''), 'precedence', o.precedence)
                                       ORDER BY o.sample_type)
                      FROM source_precedence o WHERE o.user_ref = src.user_ref AND o.source_id = src.id), '[]') AS overrides
     FROM healthkit_source src ${rankJoins("''")}
     WHERE src.user_ref = ${userRefOf('$1')} AND ($2::bigint IS NULL OR src.id = $2::bigint)
     ORDER BY 7, src.name, src.id`,
);

/** The caller's sources, best first, with the ranking in force and the user's overrides. */
export async function listSources(em: EntityManager, userId: string, sourceId?: string): Promise<SourceRow[]> {
  return em.query(LIST_SOURCES, [userId, sourceId ?? null]);
}
