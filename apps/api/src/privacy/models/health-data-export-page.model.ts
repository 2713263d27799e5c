import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'One page of the caller’s raw rows, every table, as JSON lines.' })
export class HealthDataExportPage {
  @Field({ description: 'One JSON object per line: {"table": "...", "row": {column: value, ...}}.' })
  jsonLines: string;

  @Field(() => Int)
  count: number;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null after the last.' })
  nextCursor: string | null;
}
