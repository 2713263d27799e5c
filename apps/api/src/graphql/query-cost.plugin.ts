import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { queryTooComplex, queryTooDeep } from './errors';
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
export interface ResolvedOperation {
  request: { variables?: Record<string, unknown>; operationName?: string | null };
  document: DocumentNode;
  schema: GraphQLSchema;
  operation?: unknown;
}
export interface OperationPlugin {
  requestDidStart(): Promise<{ didResolveOperation(context: ResolvedOperation): Promise<void> }>;
}

/**
 * Refuses an operation that is too deep or too costly after it is parsed and validated and before
 * any resolver runs, so nothing of it executes. The errors carry HTTP 400: thrown bare from this
 * hook Apollo would answer 500, as if the server had failed.
 */
export function queryLimitsPlugin(limits: QueryLimits): OperationPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          // Apollo resolved the operation before this hook; without one there is nothing to execute.
          if (!operation) return;
          const depth = operationDepth(document, operation as OperationDefinitionNode);
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
