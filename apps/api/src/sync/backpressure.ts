/** What one probe of the queue saw. */
export interface QueueLoad {
  waiting: number;
  usedMemory: number;
  /** 0 when Redis has no maxmemory (then memory never triggers backpressure). */
  maxMemory: number;
}

export interface LoadLimits {
  maxWaiting: number;
  maxMemoryShare: number;
}

/** Why the queue refuses more work, or null when it takes it. */
export function overload(load: QueueLoad, limits: LoadLimits): 'waiting' | 'memory' | null {
  if (load.waiting >= limits.maxWaiting) return 'waiting';
  if (load.maxMemory > 0 && load.usedMemory / load.maxMemory >= limits.maxMemoryShare) return 'memory';
  return null;
}

/** `used_memory` and `maxmemory` from the text of `INFO memory`. */
export function parseMemoryInfo(info: string): { usedMemory: number; maxMemory: number } {
  const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? 0);
  return { usedMemory: field('used_memory'), maxMemory: field('maxmemory') };
}
