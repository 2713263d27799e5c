export interface Point {
  uuid: string;
  type: string;
  value: Record<string, unknown>;
  unit: string;
  dateFrom: string;
  dateTo: string;
  sourcePlatform: string;
  [key: string]: unknown;
}
export interface SourceRef {
  sourceId: string;
  sourceName: string;
}
export const WATCH: SourceRef;
export const IPHONE: SourceRef;
export const OURA: SourceRef;
export function iosPoint(
  type: string,
  unit: string,
  value: Record<string, unknown>,
  from: Date,
  to: Date,
  source?: SourceRef,
  extra?: Record<string, unknown>,
): Point;
export function numeric(v: number): { __type: string; numericValue: number };
export function localIso(date: Date): string;
export function heartRates(days: number, everyMinutes?: number): Point[];
export function steps(days: number): Point[];
export function sleepNights(days: number): Point[];
export function workouts(days: number): Point[];
export function clinicalRecords(n: number): Point[];
export function androidHeartRateSeries(recordId: string, count: number): Point[];
