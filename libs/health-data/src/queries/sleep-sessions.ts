/**
 * Groups sleep rows into nights. Watch, phone and a ring may all record the same night; a night
 * is told from the best-ranked source that recorded it (lowest precedence), so stages are never
 * mixed or counted twice across sources. Raw rows are untouched: this runs on what was read.
 */
export interface SleepRow {
  uuid: string;
  stage: string;
  startTime: Date;
  endTime: Date;
  sourceId: string;
  sourceName: string;
  precedence: number;
}

export interface SleepSession {
  startTime: Date;
  endTime: Date;
  sourceId: string;
  sourceName: string;
  precedence: number;
  /** Minutes per stage (asleep, light, deep, rem, awake, …), from the stage rows only. */
  minutesByStage: Record<string, number>;
  /** Minutes spent asleep in any stage. */
  asleepMinutes: number;
  stages: SleepRow[];
  /** Sources that also recorded this night and were left out. */
  skippedSources: number;
}

/** Two rows further apart than this belong to different nights. */
export const SESSION_GAP_MS = 60 * 60_000;
/** Intervals that frame a night rather than describe a stage of it. */
const CONTAINERS = new Set(['in_bed', 'session']);
const ASLEEP = new Set(['asleep', 'light', 'deep', 'rem']);

export function groupSleepSessions(rows: readonly SleepRow[]): SleepSession[] {
  const sorted = [...rows].sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
  const clusters: SleepRow[][] = [];
  let clusterEnd = -Infinity;
  for (const row of sorted) {
    if (row.startTime.getTime() > clusterEnd + SESSION_GAP_MS) clusters.push([]);
    clusters[clusters.length - 1].push(row);
    clusterEnd = Math.max(clusterEnd, row.endTime.getTime());
  }
  return clusters.map(toSession);
}

function toSession(cluster: SleepRow[]): SleepSession {
  const best = cluster.reduce((a, b) => (b.precedence < a.precedence ? b : a));
  const chosen = cluster.filter((r) => r.sourceId === best.sourceId);
  const sources = new Set(cluster.map((r) => r.sourceId));
  const stages = chosen.filter((r) => !CONTAINERS.has(r.stage));
  const minutesByStage: Record<string, number> = {};
  for (const s of stages) {
    minutesByStage[s.stage] = (minutesByStage[s.stage] ?? 0) + (s.endTime.getTime() - s.startTime.getTime()) / 60_000;
  }
  const asleepMinutes = Object.entries(minutesByStage)
    .filter(([stage]) => ASLEEP.has(stage))
    .reduce((sum, [, minutes]) => sum + minutes, 0);
  return {
    startTime: new Date(Math.min(...chosen.map((r) => r.startTime.getTime()))),
    endTime: new Date(Math.max(...chosen.map((r) => r.endTime.getTime()))),
    sourceId: best.sourceId,
    sourceName: best.sourceName,
    precedence: best.precedence,
    minutesByStage,
    asleepMinutes,
    stages,
    skippedSources: sources.size - 1,
  };
}
