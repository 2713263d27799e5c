/**
 * The BullMQ key prefix. Every key of a queue is `<prefix>:<queue>:<suffix>`; Redis Cluster (and an
 * ElastiCache cluster-mode group) hashes only the part inside the first `{…}`, so a hash-tagged
 * prefix puts every key of the queue into one slot, which BullMQ's multi-key Lua scripts need
 * (otherwise CROSSSLOT). Harmless on a single-shard Redis, so it is the default everywhere.
 */
export const DEFAULT_QUEUE_PREFIX = '{hs}';

/** A name of letters, digits, _ and -, bare or as one hash tag. */
export const QUEUE_PREFIX_PATTERN = /^(\{[A-Za-z0-9_-]+\}|[A-Za-z0-9_-]+)$/;

export function isHashTagged(prefix: string): boolean {
  return /^\{[A-Za-z0-9_-]+\}$/.test(prefix);
}
