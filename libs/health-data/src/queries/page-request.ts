import type { Keyset } from './keyset-cursor';

/** A read's time range: rows starting (or, for sleep, lying) in [from, to). */
export interface TimeRange {
  from: Date;
  to: Date;
}

/** A page of a keyset-paged read: at most `first` rows after the cursor `after` (null: from the start). */
export interface PageRequest {
  first: number;
  after: Keyset | null;
}
