/** What a chunk's rows repeat, stored once per user (see SampleContextEntity). */
export interface RowContext {
  unit: string | null;
  recordingMethod: string | null;
  sourceDeviceId: string | null;
  metadata: Record<string, unknown> | null;
}

/**
 * A chunk's distinct contexts, in order of first sight: `indexOf` gives a context's place in
 * `list`, adding it the first time. Deduplicated by a JS key; the database keys them by digest.
 */
export function contextList(): { list: RowContext[]; indexOf(context: RowContext): number } {
  const list: RowContext[] = [];
  const places = new Map<string, number>();
  return {
    list,
    indexOf(c) {
      const key = JSON.stringify([c.unit, c.recordingMethod, c.sourceDeviceId, c.metadata]);
      let place = places.get(key);
      if (place === undefined) places.set(key, (place = list.push(c) - 1));
      return place;
    },
  };
}
