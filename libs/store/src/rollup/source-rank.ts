/**
 * The rank a source has for one metric: the user's override for that metric, else the user's
 * override for every metric, else the default the source got from its kind (Watch 1, iPhone 2,
 * third party 3+). Lower wins; equal ranks fall back to the lower source id so answers are stable.
 *
 * Returned as SQL pieces to splice into a query that has `src` (healthkit_source) in scope and
 * an expression for the metric: every read that applies precedence ranks sources the same way.
 */
export function rankJoins(sampleTypeExpr: string): string {
  return `LEFT JOIN source_precedence rank_t
      ON rank_t.user_ref = src.user_ref AND rank_t.source_id = src.id AND rank_t.sample_type = ${sampleTypeExpr}
    LEFT JOIN source_precedence rank_a
      ON rank_a.user_ref = src.user_ref AND rank_a.source_id = src.id AND rank_a.sample_type = ''`;
}

export const RANK = `COALESCE(rank_t.precedence, rank_a.precedence, src.precedence)`;
