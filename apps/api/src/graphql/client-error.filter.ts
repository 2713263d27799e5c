import { Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';

/**
 * Errors the API raises on purpose (bad input, not authenticated, retry later) are answers to the
 * client, not server faults: hand them to Apollo as they are, without the error-level log and stack
 * Nest writes for unexpected exceptions (those still reach Nest's default handler and get logged).
 */
@Catch(GraphQLError)
export class ClientGraphQLErrorFilter implements GqlExceptionFilter {
  catch(exception: GraphQLError): GraphQLError {
    return exception;
  }
}
