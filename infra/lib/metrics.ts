import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import {
  METRICS_DIMENSION,
  METRICS_NAMESPACE,
  METRICS_OPERATION_DIMENSION,
  METRIC_FAILED_JOBS,
  METRIC_OLDEST_JOB_AGE,
  METRIC_QUEUE_DEPTH,
} from './runtime-contract';

/**
 * The worker's EMF metrics (see runtime-contract.ts). Every running worker
 * reports the same queue-wide numbers, so the right statistic is Maximum:
 * Sum would multiply the backlog by the task count and make scaling feed on
 * itself; Average hides a worker that stopped reporting.
 */
export function queueDepthMetric(environment: string, period: Duration = Duration.minutes(1)): cloudwatch.Metric {
  return workerMetric(METRIC_QUEUE_DEPTH, environment, period);
}

export function failedJobsMetric(environment: string, period: Duration = Duration.minutes(5)): cloudwatch.Metric {
  return workerMetric(METRIC_FAILED_JOBS, environment, period);
}

function workerMetric(metricName: string, environment: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [METRICS_DIMENSION]: environment },
    statistic: cloudwatch.Stats.MAXIMUM,
    period,
  });
}

/** How long the queue's oldest waiting job has waited (queue-wide, so Maximum). */
export function oldestJobAgeMetric(environment: string, period: Duration = Duration.minutes(1)): cloudwatch.Metric {
  return workerMetric(METRIC_OLDEST_JOB_AGE, environment, period);
}

/** A per-worker, per-interval figure summed over all workers (samples stored, jobs completed). */
export function workerSum(metricName: string, environment: string, period: Duration = Duration.minutes(1)): cloudwatch.Metric {
  return workerMetric(metricName, environment, period).with({ statistic: cloudwatch.Stats.SUM });
}

/** The API's per-operation EMF metric. */
export function apiOperationMetric(
  metricName: string,
  environment: string,
  operation: string,
  statistic: string,
  period: Duration = Duration.minutes(1),
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [METRICS_DIMENSION]: environment, [METRICS_OPERATION_DIMENSION]: operation },
    statistic,
    period,
    label: operation,
  });
}
