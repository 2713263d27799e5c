import { ChunkStatus } from '@app/store';
import { registerEnumType } from '@nestjs/graphql';

/*
 * Enums for values that were plain strings. Their GraphQL names are the strings the API already
 * sent (lower case, as stored), so the JSON an app receives is unchanged; a generated client gets a
 * closed set instead of a String. A value outside the set would fail the field, so each enum lists
 * every value its column can hold (the field walk test, test/schema-walk.e2e-spec.ts, reads them all).
 */

export enum SourceKindOutput {
  apple_watch = 'apple_watch',
  iphone = 'iphone',
  third_party = 'third_party',
}
registerEnumType(SourceKindOutput, { name: 'SourceKind', description: 'Default ranks: apple_watch 1, iphone 2, third_party 3' });

export enum PlatformOutput {
  appleHealth = 'appleHealth',
  googleHealthConnect = 'googleHealthConnect',
}
registerEnumType(PlatformOutput, { name: 'Platform', description: 'The `sourcePlatform` the phone sent' });

/** Every stage `sleepStageFor` (libs/health-data/src/parsing/data-types.ts) can store. */
export enum SleepStageNameOutput {
  in_bed = 'in_bed',
  asleep = 'asleep',
  light = 'light',
  deep = 'deep',
  rem = 'rem',
  awake = 'awake',
  out_of_bed = 'out_of_bed',
  session = 'session',
  unknown = 'unknown',
}
registerEnumType(SleepStageNameOutput, {
  name: 'SleepStageName',
  description: 'light is HealthKit core; session and in_bed frame a night; unknown is a SLEEP_UNKNOWN row',
});

/** The ledger's statuses a sync mutation answers with (a chunk just received is never failed). */
export enum ChunkStatusOutput {
  queued = ChunkStatus.Queued,
  stored = ChunkStatus.Stored,
}
registerEnumType(ChunkStatusOutput, {
  name: 'ChunkStatus',
  description: 'queued: a job stores the chunk; stored: this exact chunk was stored before',
});

export enum ErasureStatusOutput {
  running = 'running',
  done = 'done',
}
registerEnumType(ErasureStatusOutput, { name: 'ErasureStatus', description: '`running` until every row is gone, then `done`' });
