import type { TimeZone } from '../parsing/time-zone';
import { localDateOf } from './read-zone';

/**
 * Nights from sleep rows. Watch, phone and a ring may all record the same night, each in its own
 * way (detailed stages, or one "asleep" or "in bed" interval). Sessions are assembled per source
 * first, then overlapping sessions of different sources are resolved by precedence, so stages are
 * never mixed or counted twice. Pure: runs on rows already read; raw rows are untouched.
 */
export interface SleepRow {
  id: string;
  uuid: string;
  stage: string;
  startTime: Date;
  endTime: Date;
  sourceId: string;
  sourceName: string;
  precedence: number;
  /** What a session's `stages` list shows of each row (as `sleepStages` does); the assembly needs none of it. */
  sampleType?: string;
  unit?: string | null;
  metadata?: unknown;
  minutes?: number | null;
  recordingMethod?: string | null;
  sourceDeviceId?: string | null;
  deviceModel?: string | null;
}

export interface SleepSession {
  /** Local date (zone of the request) of the wake-up. */
  date: string;
  /** Not the longest session that ends on its date. */
  isNap: boolean;
  startTime: Date;
  endTime: Date;
  asleepMinutes: number;
  inBedMinutes: number;
  /** asleep / in bed, 0..1. */
  efficiency: number;
  /** Minutes per stage (light, deep, rem, awake, or asleep where no detail exists). */
  minutesByStage: Record<string, number>;
  sourceId: string;
  sourceName: string;
  precedence: number;
  /** The rows the totals come from (wrappers left out where detailed stages exist). */
  stages: SleepRow[];
  /** Other sources that recorded an overlapping session and were left out. */
  skippedSources: number;
}

export const DEFAULT_SESSION_GAP_MINUTES = 120;
const DETAILED = new Set(['light', 'deep', 'rem', 'awake']);
const ASLEEP = new Set(['asleep', 'light', 'deep', 'rem']);
const IN_BED = new Set(['in_bed', 'session']);

const minutes = (ms: number) => ms / 60_000;

/** Length of the union of intervals, so overlapping rows are not counted twice. */
function unionMs(rows: readonly SleepRow[]): number {
  const sorted = [...rows].sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  let total = 0;
  let curStart = -Infinity;
  let curEnd = -Infinity;
  for (const r of sorted) {
    const s = r.startTime.getTime();
    const e = r.endTime.getTime();
    if (s > curEnd) {
      if (curEnd > curStart) total += curEnd - curStart;
      curStart = s;
      curEnd = e;
    } else curEnd = Math.max(curEnd, e);
  }
  if (curEnd > curStart) total += curEnd - curStart;
  return total;
}

interface Draft {
  rows: SleepRow[];
  start: number;
  end: number;
}

/** One source's rows split where the gap between them exceeds `gapMs`. */
function sessionsOfSource(rows: SleepRow[], gapMs: number): Draft[] {
  const sorted = [...rows].sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  const drafts: Draft[] = [];
  for (const row of sorted) {
    const last = drafts.at(-1);
    if (last && row.startTime.getTime() <= last.end + gapMs) {
      last.rows.push(row);
      last.end = Math.max(last.end, row.endTime.getTime());
    } else drafts.push({ rows: [row], start: row.startTime.getTime(), end: row.endTime.getTime() });
  }
  return drafts;
}

function summarise(d: Draft, zone: TimeZone): SleepSession {
  const detailed = d.rows.filter((r) => DETAILED.has(r.stage));
  // Where a source wrote detailed stages, its generic asleep / in-bed intervals only wrap them.
  const stages = detailed.length > 0 ? detailed : d.rows.filter((r) => !IN_BED.has(r.stage));
  const minutesByStage: Record<string, number> = {};
  for (const stage of new Set(stages.map((s) => s.stage))) {
    minutesByStage[stage] = minutes(unionMs(stages.filter((s) => s.stage === stage)));
  }
  const asleepMinutes = minutes(unionMs(stages.filter((s) => ASLEEP.has(s.stage))));
  const inBedRows = d.rows.filter((r) => IN_BED.has(r.stage));
  const inBedMinutes = minutes(inBedRows.length > 0 ? unionMs(inBedRows) : d.end - d.start);
  const first = d.rows[0];
  return {
    date: localDateOf(new Date(d.end), zone),
    isNap: false,
    startTime: new Date(d.start),
    endTime: new Date(d.end),
    asleepMinutes,
    inBedMinutes,
    efficiency: inBedMinutes > 0 ? Math.min(1, asleepMinutes / inBedMinutes) : 0,
    minutesByStage,
    sourceId: first.sourceId,
    sourceName: first.sourceName,
    precedence: first.precedence,
    stages: [...stages].sort((a, b) => a.startTime.getTime() - b.startTime.getTime()),
    skippedSources: 0,
  };
}

export interface SleepOptions {
  zone: TimeZone;
  gapMinutes?: number;
}

export function assembleSleepSessions(rows: readonly SleepRow[], options: SleepOptions): SleepSession[] {
  const gapMs = (options.gapMinutes ?? DEFAULT_SESSION_GAP_MINUTES) * 60_000;
  const bySource = new Map<string, SleepRow[]>();
  for (const r of rows) bySource.set(r.sourceId, [...(bySource.get(r.sourceId) ?? []), r]);
  const candidates = [...bySource.values()].flatMap((list) => sessionsOfSource(list, gapMs));
  // Best-ranked first; a session overlapping one already kept loses to it.
  candidates.sort(
    (a, b) => a.rows[0].precedence - b.rows[0].precedence || Number(a.rows[0].sourceId) - Number(b.rows[0].sourceId),
  );
  const kept: { draft: Draft; skipped: Set<string> }[] = [];
  for (const c of candidates) {
    const over = kept.filter((k) => c.start < k.draft.end && k.draft.start < c.end);
    if (over.length === 0) kept.push({ draft: c, skipped: new Set() });
    else over.forEach((k) => k.skipped.add(c.rows[0].sourceId));
  }
  const sessions = kept.map((k) => ({ ...summarise(k.draft, options.zone), skippedSources: k.skipped.size }));
  sessions.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  // The longest session ending on a date is that date's main sleep; the others are naps.
  const main = new Map<string, SleepSession>();
  for (const s of sessions) {
    const best = main.get(s.date);
    if (!best || duration(s) > duration(best)) main.set(s.date, s);
  }
  return sessions.map((s) => ({ ...s, isNap: main.get(s.date) !== s }));
}

const duration = (s: SleepSession) => s.endTime.getTime() - s.startTime.getTime();
