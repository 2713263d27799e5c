import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { apiOperationMetric, oldestJobAgeMetric, queueDepthMetric, failedJobsMetric, workerSum } from '../metrics';
import {
  DASHBOARD_OPERATIONS,
  METRIC_API_LATENCY_AVG,
  METRIC_API_SERVER_ERRORS,
  METRIC_JOB_DURATION_AVG,
  METRIC_JOB_DURATION_MAX,
  METRIC_JOBS_COMPLETED,
  METRIC_SAMPLES_STORED,
  METRICS_DIMENSION,
  METRICS_NAMESPACE,
} from '../runtime-contract';

export interface DashboardProps {
  /** Dashboard name suffix and the METRICS_ENVIRONMENT dimension value. */
  readonly environmentName: string;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly database: rds.DatabaseInstance;
  /** CacheClusterId of one Redis node. */
  readonly cacheNodeId: string;
}

const PERIOD = Duration.minutes(1);

/**
 * One CloudWatch dashboard per environment, top to bottom in the order an on-call person asks:
 * is work piling up (queue), is the worker keeping pace (jobs, samples/s), are phones served
 * (latency and errors per GraphQL operation, ALB), and is a backing store the cause (RDS, Redis).
 * Worker and API figures come from their EMF lines (see runtime-contract.ts).
 */
export class Dashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: DashboardProps) {
    super(scope, id);
    const env = props.environmentName;
    const workerAvg = (name: string, statistic: string, label: string) =>
      new cloudwatch.Metric({
        namespace: METRICS_NAMESPACE,
        metricName: name,
        dimensionsMap: { [METRICS_DIMENSION]: env },
        statistic,
        period: PERIOD,
        label,
      });
    const perOperation = (metricName: string, statistic: string) =>
      DASHBOARD_OPERATIONS.map((op) => apiOperationMetric(metricName, env, op, statistic, PERIOD));
    const redis = (metricName: string, label: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ElastiCache',
        metricName,
        dimensionsMap: { CacheClusterId: props.cacheNodeId },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: PERIOD,
        label,
      });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: `HealthSync-${env}`,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Queue depth and oldest waiting job',
        left: [queueDepthMetric(env, PERIOD).with({ label: 'jobs waiting or delayed' })],
        right: [oldestJobAgeMetric(env, PERIOD).with({ label: 'oldest job age (s)' })],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Failed jobs (kept for inspection)',
        left: [failedJobsMetric(env, PERIOD).with({ label: 'failed set size' })],
        width: 12,
      }),
    );
    const stored = workerSum(METRIC_SAMPLES_STORED, env, PERIOD);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Job duration (ms)',
        left: [
          workerAvg(METRIC_JOB_DURATION_AVG, cloudwatch.Stats.AVERAGE, 'average'),
          workerAvg(METRIC_JOB_DURATION_MAX, cloudwatch.Stats.MAXIMUM, 'slowest'),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Samples stored per second, jobs completed per minute',
        left: [
          new cloudwatch.MathExpression({
            expression: 'stored / PERIOD(stored)',
            usingMetrics: { stored },
            label: 'samples/s',
            period: PERIOD,
          }),
        ],
        right: [workerSum(METRIC_JOBS_COMPLETED, env, PERIOD).with({ label: 'jobs/min' })],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API latency by operation (ms, average)',
        left: perOperation(METRIC_API_LATENCY_AVG, cloudwatch.Stats.AVERAGE),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'API server errors by operation',
        left: perOperation(METRIC_API_SERVER_ERRORS, cloudwatch.Stats.SUM),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Load balancer: p95 response time (s) and 5xx',
        left: [props.targetGroup.metrics.targetResponseTime({ statistic: cloudwatch.Stats.p(95), period: PERIOD, label: 'p95' })],
        right: [
          props.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
            statistic: cloudwatch.Stats.SUM,
            period: PERIOD,
            label: 'target 5xx',
          }),
          // Answers the ALB gave itself (no healthy target, timeouts).
          props.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, {
            statistic: cloudwatch.Stats.SUM,
            period: PERIOD,
            label: 'ALB 5xx',
          }),
        ],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'RDS CPU (%) and connections',
        left: [props.database.metricCPUUtilization({ period: PERIOD, label: 'CPU %' })],
        right: [
          props.database.metricDatabaseConnections({ period: PERIOD, statistic: cloudwatch.Stats.MAXIMUM, label: 'connections' }),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Redis memory',
        left: [redis('DatabaseMemoryUsagePercentage', 'used % of maxmemory')],
        right: [redis('BytesUsedForCache', 'bytes used')],
        width: 12,
      }),
    );
  }
}
