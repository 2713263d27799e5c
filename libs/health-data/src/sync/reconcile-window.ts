/** The window an iOS sync re-read: rows of these types starting in [from, to) that it did not send are gone. */
export interface ReconcileWindow {
  /** UTC ISO instants. */
  from: string;
  to: string;
  /** Data type names, sorted, without repeats. */
  types: string[];
}

/** The same window however the client spelt it: instants in UTC, types sorted and unique. */
export function canonicalReconcile(from: Date, to: Date, types: readonly string[]): ReconcileWindow {
  return { from: from.toISOString(), to: to.toISOString(), types: [...new Set(types)].sort() };
}

export function sameReconcile(a: ReconcileWindow | null, b: ReconcileWindow | null): boolean {
  if (a === null || b === null) return a === b;
  return a.from === b.from && a.to === b.to && a.types.length === b.types.length && a.types.every((t, i) => t === b.types[i]);
}
