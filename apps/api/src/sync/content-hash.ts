import type { RejectedItem } from '@app/health-data';
import { createHash } from 'node:crypto';
import type { SyncHealthKitSamplesInput } from './dto/sync-health-kit-samples.input';

/**
 * What a re-sent chunk is compared by: everything the chunk would store (its serialised payload,
 * already made for the ledger), its rejections and the flags that change what the worker does.
 * Hashing the payload rather than a JSON.stringify of the request's items spares serialising the
 * chunk a second time; two requests that would store the same rows count as the same content.
 */
export function contentHashOf(
  input: Pick<SyncHealthKitSamplesInput, 'isFinalChunk' | 'timeZone'>,
  rejected: readonly RejectedItem[],
  serialisedPayload: string,
): string {
  const rejections = rejected.map(({ index, field, message }) => [index, field, message]);
  // The JSON array ends where it closes, so the two parts cannot run into each other.
  return createHash('sha256')
    .update(JSON.stringify([input.isFinalChunk, input.timeZone ?? null, rejections]))
    .update(serialisedPayload)
    .digest('hex');
}
