import { appMeter } from '@app/telemetry';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import type { Counter, Histogram } from '@opentelemetry/api';
import { operationInfo, OperationInfo } from './operation-info';
import { OperationStats } from './operation-stats';

const SYNC_MUTATION_FIELD = 'syncHealthKitSamples';
const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Duration of every GraphQL request by operation (its root fields) and outcome (`ok` or the first
 * error's code), and what the sync mutation accepted and rejected. An Apollo plugin rather than a
 * Nest interceptor: it also sees requests that fail before a resolver runs (parse, auth, limits).
 */
@Plugin()
export class GraphQLMetricsPlugin implements ApolloServerPlugin {
  private readonly duration: Histogram;
  private readonly items: Counter;

  constructor(private readonly stats: OperationStats) {
    const meter = appMeter();
    this.duration = meter.createHistogram('healthsync.graphql.request.duration', {
      unit: 's',
      description: 'GraphQL request duration by operation (root fields), type and outcome (ok or error code)',
      advice: { explicitBucketBoundaries: SECONDS_BUCKETS },
    });
    this.items = meter.createCounter('healthsync.sync.items', {
      description: 'Items received by the sync mutation, by result (accepted, rejected)',
    });
  }

  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    const started = performance.now();
    let info: OperationInfo = { type: 'unknown', name: 'invalid' };
    const items = this.items;
    return {
      async didResolveOperation({ operation }) {
        if (operation) info = operationInfo(operation);
      },
      async executionDidStart() {
        if (info.type !== 'mutation') return;
        return {
          willResolveField({ info: field }) {
            if (field.path.prev !== undefined || field.fieldName !== SYNC_MUTATION_FIELD) return;
            // The resolver's own value, whatever fields the client selected.
            return (error, result) => {
              const chunk = result as { accepted?: number; rejected?: unknown[] } | undefined;
              if (error || !chunk) return;
              items.add(chunk.accepted ?? 0, { result: 'accepted' });
              items.add(chunk.rejected?.length ?? 0, { result: 'rejected' });
            };
          },
        };
      },
      willSendResponse: async ({ response, errors }) => {
        const formatted = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        const code = formatted?.[0]?.extensions?.code ?? errors?.[0]?.extensions?.code;
        const outcome = formatted?.length || errors?.length ? String(code ?? 'ERROR') : 'ok';
        const ms = performance.now() - started;
        this.duration.record(ms / 1000, { operation: info.name, type: info.type, outcome });
        this.stats.record(info.name, outcome, ms);
      },
    };
  }
}
