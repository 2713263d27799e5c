import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { ErrorCode } from './errors';

/** SQLSTATE of a statement cancelled by statement_timeout (API_STATEMENT_TIMEOUT_MS). */
const QUERY_CANCELED = '57014';

/**
 * A statement stopped by the API's statement_timeout answers a coded, retryable error instead of
 * a bare internal error with a stack in the log: the limit did its job (the query logger has
 * already logged the failed statement, without its parameters). Any other database error is left
 * to Nest's default handler (returning undefined), which logs it.
 */
@Catch(QueryFailedError)
export class StatementTimeoutFilter implements GqlExceptionFilter {
  catch(exception: QueryFailedError): GraphQLError | undefined {
    const code = (exception.driverError as { code?: string } | undefined)?.code;
    if (code !== QUERY_CANCELED) return undefined;
    return new GraphQLError('the request took longer than the server allows, retry later or ask for less', {
      extensions: { code: ErrorCode.ServiceUnavailable, reason: 'STATEMENT_TIMEOUT', retryable: true },
    });
  }
}
