import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { GraphQLError } from 'graphql';
import { InvalidTokenError, JwtVerifier } from '../auth/jwt-verifier.service';
import { ErrorCode } from '../graphql/errors';
import { rootFieldCount } from './root-fields';
import { UserRateLimiter } from './user-rate-limiter.service';

interface RequestContext {
  req?: { headers: Record<string, string | string[] | undefined> };
}

/**
 * Per-user limits for every GraphQL operation, applied once per request before any resolver runs:
 * mutations (the sync upload) and queries (reads) have separate budgets, and each root field
 * (every alias) costs one point of its budget. Global, so resolvers stay
 * unaware of it. The user is the token's `sub` (many phones share a carrier NAT's IP); a request
 * without a valid token is left to the auth guard, which refuses it without costing a budget.
 */
@Plugin()
export class RateLimitPlugin implements ApolloServerPlugin<RequestContext> {
  constructor(
    private readonly verifier: JwtVerifier,
    private readonly limiter: UserRateLimiter,
  ) {}

  async requestDidStart(): Promise<GraphQLRequestListener<RequestContext>> {
    return {
      didResolveOperation: async ({ operation, document, contextValue }) => {
        if (!operation || operation.operation === 'subscription') return;
        const header = contextValue.req?.headers.authorization;
        let userId: string;
        try {
          userId = await this.verifier.userIdFrom(Array.isArray(header) ? header[0] : header);
        } catch (err) {
          if (err instanceof InvalidTokenError) return;
          throw err;
        }
        // One point per root field: 20 aliased mutations cost 20, not one request's worth.
        const points = rootFieldCount(document, operation);
        const decision = await this.limiter.consume(operation.operation === 'mutation' ? 'sync' : 'reads', userId, points);
        if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds);
      },
    };
  }
}

function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`Too many requests; retry after ${retryAfterSeconds} s`, {
    extensions: {
      code: ErrorCode.RateLimited,
      retryAfter: retryAfterSeconds,
      retryable: true,
      // Thrown before execution, Apollo would answer 500 without an explicit status.
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}
