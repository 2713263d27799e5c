import { GraphQLError } from 'graphql';

/** Codes the app can act on: fix the request, sign in again, or retry later. */
export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  Unauthenticated: 'UNAUTHENTICATED',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  /** Over the caller's per-user budget; `extensions.retryAfter` says how many seconds to wait. */
  RateLimited: 'RATE_LIMITED',
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  QueryTooDeep: 'QUERY_TOO_DEEP',
} as const;

export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field} ${message}`, { extensions: { code: ErrorCode.BadUserInput, field } });
}

export function unauthenticated(reason: string): GraphQLError {
  return new GraphQLError(`Not authenticated: ${reason}`, { extensions: { code: ErrorCode.Unauthenticated } });
}

/**
 * Overload: the same code the app already retries on, with why and when. Nothing was written.
 */
export function backpressure(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`the sync queue is full, retry in ${retryAfterSeconds} s`, {
    extensions: { code: ErrorCode.ServiceUnavailable, reason: 'BACKPRESSURE', retryable: true, retryAfter: retryAfterSeconds },
  });
}

export function unavailable(what: string): GraphQLError {
  return new GraphQLError(`${what} is unavailable, retry later`, {
    extensions: { code: ErrorCode.ServiceUnavailable, retryable: true },
  });
}

/** `http.status` makes Apollo answer 400 (the request's fault) instead of 500; it is not sent to the client. */
export function queryTooComplex(cost: number, limit: number): GraphQLError {
  const shown = Number.isFinite(cost) ? String(cost) : 'too large to count';
  return new GraphQLError(`Query cost ${shown} exceeds the limit of ${limit}: ask for fewer fields, aliases or rows`, {
    extensions: { code: ErrorCode.QueryTooComplex, cost: Number.isFinite(cost) ? cost : null, limit, http: { status: 400 } },
  });
}

export function queryTooDeep(depth: number, limit: number): GraphQLError {
  return new GraphQLError(`Query depth ${depth} exceeds the limit of ${limit}`, {
    extensions: { code: ErrorCode.QueryTooDeep, depth, limit, http: { status: 400 } },
  });
}
