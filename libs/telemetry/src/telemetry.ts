import type { TelemetrySettings } from '@app/config';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { metrics as sdkMetrics, NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { BullMQOtel } from 'bullmq-otel';

/** What a process keeps of its telemetry: the Prometheus reader its /metrics route serves, and the stop. */
export interface Telemetry {
  prometheus?: PrometheusExporter;
  shutdown(): Promise<void>;
}

const OFF: Telemetry = { shutdown: async () => undefined };

/** How often metrics are pushed to an OTLP collector (Prometheus pulls on its own schedule). */
const OTLP_METRIC_INTERVAL_MS = 15_000;

let current: Telemetry = OFF;

/** The process's telemetry, for the Nest module that serves /metrics. */
export function currentTelemetry(): Telemetry {
  return current;
}

/**
 * Starts the OpenTelemetry SDK. Must run before express, pg and ioredis are first required (each
 * main.ts imports its `instrument.ts` first): the instrumentations patch modules as they load.
 *
 * Metrics are always readable at /metrics on the process's own port (the exporter starts no server
 * of its own); with OTEL_EXPORTER_OTLP_ENDPOINT they are also pushed, and so are sampled traces.
 * Without an endpoint spans still get ids (so log lines carry a trace id) but go nowhere.
 */
export function startTelemetry(serviceName: string, settings: TelemetrySettings): Telemetry {
  if (!settings.enabled) return (current = OFF);
  const prometheus = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
  const metricReaders: sdkMetrics.IMetricReader[] = [prometheus];
  const spanProcessors: tracing.SpanProcessor[] = [];
  if (settings.otlpEndpoint) {
    const base = settings.otlpEndpoint.replace(/\/$/, '');
    metricReaders.push(
      new sdkMetrics.PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: `${base}/v1/metrics` }),
        exportIntervalMillis: OTLP_METRIC_INTERVAL_MS,
      }),
    );
    spanProcessors.push(new tracing.BatchSpanProcessor(new OTLPTraceExporter({ url: `${base}/v1/traces` })));
  } else {
    // A tracer provider is only registered with a processor; without one there would be no trace ids to log.
    spanProcessors.push(new tracing.NoopSpanProcessor());
  }
  const sdk = new NodeSDK({
    serviceName,
    metricReaders,
    spanProcessors,
    // Logs stay on stdout (pino); an empty list stops the SDK from building an OTLP log exporter from env.
    logRecordProcessors: [],
    sampler: new tracing.ParentBasedSampler({ root: new tracing.TraceIdRatioBasedSampler(settings.sampleRatio) }),
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes every few seconds would be most of the traces and say nothing.
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)/.test(req.url ?? ''),
        // Outgoing HTTP here is only the OTLP exporter itself.
        ignoreOutgoingRequestHook: () => true,
      }),
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true }),
      new PgInstrumentation({ requireParentSpan: true }),
      new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: redisStatement }),
    ],
  });
  sdk.start();
  current = { prometheus, shutdown: () => sdk.shutdown() };
  return current;
}

/**
 * A Redis span's `db.statement`: the command alone. The default writes out every argument of
 * EVAL/EVALSHA, and BullMQ adds a job through EVALSHA with the whole chunk as an argument: each
 * add copied ~100 KB of health values into a span attribute (exported on sampled traces), at a
 * measurable share of the API's CPU per chunk. Keys are left out too: they hold job ids.
 */
export function redisStatement(command: string): string {
  return command;
}

/**
 * BullMQ's own spans (add → process) carry the trace from the API's mutation into the worker's
 * job: the producer writes the context into the job, the worker continues it.
 */
export function queueTelemetry(settings: TelemetrySettings): BullMQOtel | undefined {
  return settings.enabled ? new BullMQOtel({ tracerName: 'bullmq' }) : undefined;
}
