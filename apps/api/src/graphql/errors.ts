import { GraphQLError } from 'graphql';

/** Codes the app can act on: fix the request, sign in again, or retry later. */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  /** Over the caller's per-user budget; `extensions.retryAfter` says how many seconds to wait. */
  RateLimited: 'RATE_LIMITED',
} as const;

export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field} ${message}`, { extensions: { code: ErrorCode.BadUserInput, field } });
}

export function unauthenticated(reason: string): GraphQLError {
  return new GraphQLError(`Not authenticated: ${reason}`, { extensions: { code: ErrorCode.Unauthenticated } });
}

export function unavailable(what: string): GraphQLError {
  return new GraphQLError(`${what} is unavailable, retry later`, {
    extensions: { code: ErrorCode.ServiceUnavailable, retryable: true },
  });
}
