/**
 * How much one uploaded item may hold. Without caps one user could queue chunks whose items fail
 * in PostgreSQL (a 10,000-character `type`, JSON nested deeper than jsonb's parser recurses) or fill
 * Redis and the ledger with megabytes per item. The numbers are listed in docs/contract.md and
 * docs/operations.md; change them there too.
 */
export const ITEM_LIMITS = {
  /** `type` (a HealthDataType name; the longest today is 41 characters). */
  maxTypeLength: 64,
  /** One item, measured as the characters of its JSON text. */
  maxItemChars: 64 * 1024,
  /** Items whose value is a series (an ECG's voltages, a route's locations) or a whole FHIR resource. */
  maxBigItemChars: 3 * 1024 * 1024,
  /** `metadata` alone, any type. */
  maxMetadataChars: 16 * 1024,
  /** Nesting of objects and arrays inside an item (the item itself is level 1). */
  maxDepth: 32,
  /** Rejected items whose raw copy the ledger keeps per chunk; later ones keep index, field and reason only. */
  maxRejectedRawPerChunk: 20,
} as const;

/**
 * Types with a big value, checked against maxBigItemChars. In the `health` package: ELECTROCARDIOGRAM
 * (≈ 15,000 voltage values for 30 s), WORKOUT_ROUTE (one location per second or so), AUDIOGRAM,
 * and clinical records (a FHIR resource, CLINICAL_*).
 */
export const BIG_ITEM_TYPES: ReadonlySet<string> = new Set(['ELECTROCARDIOGRAM', 'WORKOUT_ROUTE', 'AUDIOGRAM']);

export function maxItemCharsFor(type: unknown): number {
  if (typeof type === 'string' && (BIG_ITEM_TYPES.has(type) || type.startsWith('CLINICAL_'))) return ITEM_LIMITS.maxBigItemChars;
  return ITEM_LIMITS.maxItemChars;
}

export type JsonExtent = { ok: true; chars: number } | { ok: false; reason: 'size' | 'depth' };

/**
 * The length of `value`'s JSON text (escapes not counted; a non-integer number counts 24) and
 * whether it nests deeper than `maxDepth`, stopped as soon as either cap is passed (so a 4 MB item
 * costs no more than its cap to look at). Recursive, but never deeper than `maxDepth` + 1 frames,
 * so no nesting can overflow the stack; cheaper than JSON.stringify, which would throw on it.
 */
export function jsonExtent(value: unknown, maxChars: number, maxDepth: number = ITEM_LIMITS.maxDepth): JsonExtent {
  let chars = 0;
  // 0: fine so far; otherwise why it stopped.
  let stop: 0 | 'size' | 'depth' = 0;
  const walk = (v: unknown, depth: number): void => {
    switch (typeof v) {
      case 'string':
        chars += v.length + 2;
        break;
      case 'number':
        chars += Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v).length : 24;
        break;
      case 'boolean':
        chars += 5;
        break;
      case 'object': {
        if (v === null) {
          chars += 4;
          break;
        }
        if (depth >= maxDepth) {
          stop = 'depth';
          return;
        }
        chars += 2;
        if (Array.isArray(v)) {
          chars += v.length;
          for (let i = 0; i < v.length && stop === 0; i++) walk(v[i], depth + 1);
        } else {
          for (const key in v) {
            if (!Object.hasOwn(v, key)) continue;
            chars += key.length + 4;
            walk((v as Record<string, unknown>)[key], depth + 1);
            if (stop !== 0) return;
          }
        }
        break;
      }
      default:
        break;
    }
    if (stop === 0 && chars > maxChars) stop = 'size';
  };
  walk(value, 0);
  return stop === 0 ? { ok: true, chars } : { ok: false, reason: stop };
}
