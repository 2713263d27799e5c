import { ArgsType, Field, Int } from '@nestjs/graphql';

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 1..${MAX_PAGE_SIZE}` })
  first: number;

  @Field(() => String, { nullable: true, description: "The previous page's pageInfo.endCursor" })
  after?: string | null;
}

@ArgsType()
export class TimeRangePageArgs extends PageArgs {
  @Field({ description: 'Inclusive start (ISO date-time)' })
  from: Date;

  @Field({ description: 'Exclusive end (ISO date-time)' })
  to: Date;
}
