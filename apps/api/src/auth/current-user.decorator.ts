import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { AuthenticatedRequest } from './gql-auth.guard';

/** The authenticated user's id (JWT `sub`), set by GqlAuthGuard. */
export const CurrentUserId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const req = GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
  if (!req.userId) throw new Error('CurrentUserId used without GqlAuthGuard');
  return req.userId;
});
