import { canonicalReconcile, DATA_TYPE_PATTERN, hasNul, hasOffsetlessDates, resolveTimeZone } from '@app/health-data';
import type { ReconcileWindow, TimeZone } from '@app/health-data';
import { badInput } from '../graphql/errors';
import type { SyncHealthKitSamplesInput } from './dto/sync-health-kit-samples.input';

export const LIMITS = {
  maxItems: 500,
  maxAnchorBytes: 8 * 1024,
  maxChunkIndex: 100_000,
  maxDeleted: 5_000,
  maxUuidLength: 255,
  maxReconcileTypes: 200,
} as const;

/**
 * Checks the chunk as a whole. Anything wrong here makes the whole request fail with
 * BAD_USER_INPUT naming the field, and nothing is written.
 */
export function validateSyncRequest(input: SyncHealthKitSamplesInput): {
  zone: TimeZone | null;
  reconcile: ReconcileWindow | null;
} {
  if (!DATA_TYPE_PATTERN.test(input.dataType)) throw badInput('dataType', 'must match [A-Z][A-Z0-9_]*');
  if (input.dataType.length > 64) throw badInput('dataType', 'must be at most 64 characters');
  if (input.anchorToken.length === 0) throw badInput('anchorToken', 'must not be empty');
  // PostgreSQL text cannot hold U+0000; caught here, it is the client's error, not a failed statement.
  if (hasNul(input.anchorToken)) throw badInput('anchorToken', 'must not contain the NUL character (U+0000)');
  if (Buffer.byteLength(input.anchorToken, 'utf8') > LIMITS.maxAnchorBytes) {
    throw badInput('anchorToken', `must be at most ${LIMITS.maxAnchorBytes} bytes`);
  }
  const index = input.chunkIndex;
  if (index !== null && index !== undefined && (index < 0 || index > LIMITS.maxChunkIndex)) {
    throw badInput('chunkIndex', `must be between 0 and ${LIMITS.maxChunkIndex}`);
  }
  if (input.data.length > LIMITS.maxItems) throw badInput('data', `must hold at most ${LIMITS.maxItems} items`);
  const deleted = input.deletedUuids ?? [];
  if (deleted.length > LIMITS.maxDeleted) {
    throw badInput('deletedUuids', `must hold at most ${LIMITS.maxDeleted} ids`);
  }
  deleted.forEach((uuid, i) => {
    if (uuid.length === 0 || uuid.length > LIMITS.maxUuidLength) {
      throw badInput(`deletedUuids`, `[${i}] must be 1 to ${LIMITS.maxUuidLength} characters`);
    }
    if (hasNul(uuid)) throw badInput('deletedUuids', `[${i}] must not contain the NUL character (U+0000)`);
  });
  let zone: TimeZone | null = null;
  if (input.timeZone !== null && input.timeZone !== undefined) {
    zone = resolveTimeZone(input.timeZone);
    if (!zone) throw badInput('timeZone', 'must be an IANA time zone name or ±HH:MM');
  } else if (hasOffsetlessDates(input.data)) {
    // Every such item would be rejected while the sync still completes: refused whole instead.
    throw badInput('timeZone', 'is required when dates have no UTC offset (send toUtc() dates, or the phone zone)');
  }
  return { zone, reconcile: validateReconcile(input.reconcile) };
}

function validateReconcile(window: SyncHealthKitSamplesInput['reconcile']): ReconcileWindow | null {
  if (window === null || window === undefined) return null;
  const { from, to, types } = window;
  if (!(from.getTime() < to.getTime())) throw badInput('reconcile', 'from must be before to');
  if (types.length === 0 || types.length > LIMITS.maxReconcileTypes) {
    throw badInput('reconcile', `types must hold 1 to ${LIMITS.maxReconcileTypes} data types`);
  }
  const bad = types.find((t) => t.length > 64 || !DATA_TYPE_PATTERN.test(t));
  if (bad !== undefined) throw badInput('reconcile', 'types must be data type names such as STEPS');
  return canonicalReconcile(from, to, types);
}
