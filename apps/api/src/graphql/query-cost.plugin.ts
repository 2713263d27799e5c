import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { badInput, queryTooComplex, queryTooDeep } from './errors';
import { nulInQuery } from './unstorable-input';
import { queryCostEstimator } from './query-cost';
import { operationDepth } from './query-depth';

export interface QueryLimits {
  maxCost: number;
  maxDepth: number;
}

/**
 * The part of Apollo's plugin interface used here, spelled out: importing Apollo's own type from this
 * CommonJS build resolves to its CJS typings while @nestjs/apollo uses the ESM ones, and the two clash.
 */
interface ResolvedOperation {
  request: { variables?: Record<string, unknown>; operationName?: string | null };
  document: DocumentNode;
  schema: GraphQLSchema;
  operation?: unknown;
}
export interface QueryLimitsPlugin {
  requestDidStart(): Promise<{ didResolveOperation(context: ResolvedOperation): Promise<void> }>;
}

/**
 * Refuses a query holding U+0000 in a string (PostgreSQL cannot take it), and an operation that is too deep or too costly after it is parsed and validated and before
 * any resolver runs, so nothing of it executes. The errors carry HTTP 400: thrown bare from this
 * hook Apollo would answer 500, as if the server had failed.
 */
/** Apollo answers an error thrown from a plugin hook with 500 unless told otherwise. */
function withStatus400<E extends { extensions: Record<string, unknown> }>(error: E): E {
  (error.extensions as Record<string, unknown>).http = { status: 400 };
  return error;
}

export function queryLimitsPlugin(limits: QueryLimits): QueryLimitsPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          // Apollo resolved the operation before this hook; without one there is nothing to execute.
          if (!operation) return;
          const op = operation as OperationDefinitionNode;
          if (op.operation === 'query') {
            const field = nulInQuery(document, request.variables);
            if (field) throw withStatus400(badInput(field, 'must not contain the NUL character (U+0000)'));
          }
          const depth = operationDepth(document, op);
          if (depth > limits.maxDepth) throw queryTooDeep(depth, limits.maxDepth);
          let cost: number;
          try {
            cost = getComplexity({
              schema,
              query: document,
              variables: request.variables ?? {},
              operationName: request.operationName ?? undefined,
              estimators: [queryCostEstimator],
            });
          } catch (err) {
            // graphql-query-complexity gives up on documents with more nodes than it will walk: too complex.
            // Anything else is variables that do not fit their types; execution refuses those with
            // BAD_USER_INPUT naming the field before any resolver runs, so leave the answer to it.
            if (!/maximum allowed number of nodes/i.test((err as Error).message)) return;
            cost = Number.POSITIVE_INFINITY;
          }
          if (cost > limits.maxCost) throw queryTooComplex(cost, limits.maxCost);
        },
      };
    },
  };
}
