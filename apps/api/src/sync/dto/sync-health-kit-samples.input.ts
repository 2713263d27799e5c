import { Field, GraphQLISODateTime, InputType, Int } from '@nestjs/graphql';
import GraphQLJSON from 'graphql-type-json';

/** The window an iOS sync re-read in full: what it did not send there is gone from the phone. */
@InputType()
export class ReconcileWindowInput {
  @Field(() => GraphQLISODateTime, { description: 'Start of the window (inclusive), an instant.' })
  from: Date;

  @Field(() => GraphQLISODateTime, { description: 'End of the window (exclusive), an instant.' })
  to: Date;

  @Field(() => [String], { description: 'Data types the sync read in full for the window, e.g. ["STEPS", "HEART_RATE"].' })
  types: string[];
}

/** One chunk of one sync, exactly as the app sends it (CONTRACT.md). Checked by SyncRequestValidator. */
@InputType()
export class SyncHealthKitSamplesInput {
  @Field({ description: 'The sync stream; anchors are kept per (user, dataType).' })
  dataType: string;

  @Field({ description: 'Opaque anchor the sync moves to once every chunk is stored (≤ 8 KiB).' })
  anchorToken: string;

  @Field(() => Int, { nullable: true, description: '0-based; absent: numbered in arrival order.' })
  chunkIndex?: number | null;

  @Field()
  isFinalChunk: boolean;

  @Field(() => String, { nullable: true, description: 'IANA name or ±HH:MM, applied to dates without an offset.' })
  timeZone?: string | null;

  @Field(() => [GraphQLJSON], { description: 'HealthDataPoint.toJson() items, 0..500.' })
  data: unknown[];

  @Field(() => [String], { nullable: true, description: 'Records deleted on the phone since the last anchor.' })
  deletedUuids?: string[] | null;

  @Field(() => ReconcileWindowInput, {
    nullable: true,
    description:
      'iOS: the window this sync re-read; once its anchor moves, rows there it did not send are deleted. Same on every chunk.',
  })
  reconcile?: ReconcileWindowInput | null;
}
