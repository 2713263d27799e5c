import { Type } from '@nestjs/common';
import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Relay page info: pass endCursor as `after` for the next page.' })
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

/** A Relay connection of T: `edges { cursor node }` and `pageInfo`, one GraphQL type per T. */
export function Paginated<T>(classRef: Type<T>) {
  @ObjectType(`${classRef.name}Edge`)
  abstract class Edge {
    @Field() cursor: string;
    @Field(() => classRef) node: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class Connection {
    @Field(() => [Edge]) edges: Edge[];
    @Field(() => PageInfo) pageInfo: PageInfo;
  }
  return Connection;
}
