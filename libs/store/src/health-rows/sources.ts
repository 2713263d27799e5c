import { classifySource, SourceIdentity, sourceKey } from '@app/health-data/sources/source-classifier';
import type { EntityManager } from 'typeorm';
import { statement } from '../sql/statement';
import { runStatement } from '../sql/run-statement';

interface SourceRow {
  id: string;
  platform: string;
  bundle_id: string;
  name: string;
}

const UPSERT_SOURCES = statement(
  'health-rows/upsert-sources',
  `WITH input AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb)
    AS r(platform text, "bundleId" text, name text, "productType" text, kind text, precedence smallint)
), up AS (
  INSERT INTO healthkit_source AS s (user_ref, platform, bundle_id, name, product_type, kind, precedence)
  SELECT $1::int, platform, "bundleId", name, "productType", kind, precedence FROM input
  ORDER BY platform, "bundleId", name
  ON CONFLICT (user_ref, platform, bundle_id, name) DO UPDATE
    SET product_type = EXCLUDED.product_type, kind = EXCLUDED.kind, precedence = EXCLUDED.precedence, updated_at = now()
    -- Only a newly learnt product type changes a source; otherwise leave the row (and its lock) alone,
    -- so concurrent chunks of one user do not queue up behind each other on the same source row.
    WHERE EXCLUDED.product_type IS NOT NULL
      AND (s.product_type, s.kind, s.precedence) IS DISTINCT FROM (EXCLUDED.product_type, EXCLUDED.kind, EXCLUDED.precedence)
  RETURNING id, platform, bundle_id, name
)
-- The sources that existed before this statement (the usual case) in the same round trip: the
-- upsert returns only the rows it inserted or changed. A row a concurrent chunk committed while this
-- statement waited is in neither (not in its snapshot): the caller's SELECT_SOURCES finds it.
SELECT id, platform, bundle_id, name FROM up
UNION ALL
SELECT s.id, s.platform, s.bundle_id, s.name
FROM healthkit_source s JOIN input r ON s.platform = r.platform AND s.bundle_id = r."bundleId" AND s.name = r.name
WHERE s.user_ref = $1 AND s.id NOT IN (SELECT id FROM up)`,
);

const SELECT_SOURCES = statement(
  'health-rows/select-sources',
  `SELECT s.id, s.platform, s.bundle_id, s.name
FROM healthkit_source s
JOIN jsonb_to_recordset($2::jsonb) AS r(platform text, "bundleId" text, name text)
  ON s.platform = r.platform AND s.bundle_id = r."bundleId" AND s.name = r.name
WHERE s.user_ref = $1`,
);

/**
 * Creates the chunk's sources on first sight and returns their ids, in the order given. The list
 * is the chunk's distinct sources (buildChunkRows makes it). One statement, two when a
 * concurrent chunk made one of them at the same time.
 */
export async function resolveSources(em: EntityManager, userRef: number, sources: readonly SourceIdentity[]): Promise<string[]> {
  if (sources.length === 0) return [];
  const ids = new Map<string, string>();
  const payload = JSON.stringify(sources.map((s) => ({ ...s, ...classifySource(s) })));
  const collect = (found: SourceRow[]) =>
    found.forEach((r) => ids.set(sourceKey({ platform: r.platform, bundleId: r.bundle_id, name: r.name }), r.id));
  collect(await runStatement(em, UPSERT_SOURCES, [userRef, payload]));
  if (ids.size < sources.length) {
    // A row a concurrent chunk committed while the upsert waited for it is not in its result.
    collect(await runStatement(em, SELECT_SOURCES, [userRef, payload]));
  }
  return sources.map((s) => {
    const id = ids.get(sourceKey(s));
    if (id === undefined) throw new Error(`could not resolve source ${s.platform}/${s.name}`);
    return id;
  });
}
