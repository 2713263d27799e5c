/** One metric of a CloudWatch Embedded Metric Format line. */
export interface EmfMetric {
  name: string;
  unit: 'Count' | 'Seconds' | 'Milliseconds' | 'Bytes';
  value: number;
}

export const EMF_NAMESPACE = 'HealthSync';

/**
 * A CloudWatch Embedded Metric Format record: printed as one JSON line on stdout, the awslogs driver
 * ships it and CloudWatch turns it into metrics, with no SDK, credentials or agent.
 */
export function emfRecord(dimensions: Record<string, string>, metrics: EmfMetric[], timestamp = Date.now()) {
  return {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: EMF_NAMESPACE,
          Dimensions: [Object.keys(dimensions)],
          Metrics: metrics.map((m) => ({ Name: m.name, Unit: m.unit })),
        },
      ],
    },
    ...dimensions,
    ...Object.fromEntries(metrics.map((m) => [m.name, m.value])),
  };
}
