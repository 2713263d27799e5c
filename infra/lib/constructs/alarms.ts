import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { failedJobsMetric, queueDepthMetric } from '../metrics';

export interface AlarmsProps {
  /** Alarm name prefix and the METRICS_ENVIRONMENT dimension value, e.g. dev. */
  readonly environmentName: string;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly service: ecs.FargateService;
  /** Alarm when fewer tasks than this run (the service's minimum). */
  readonly minRunningTasks: number;
  /** CacheClusterId of one Redis node (replicas hold the same data, so any node's memory tracks the primary's). */
  readonly cacheNodeId: string;
  readonly thresholds: {
    readonly queueDepth: number;
    readonly failedJobsPer5Minutes: number;
    readonly http5xxPer5Minutes: number;
  };
  readonly emails: readonly string[];
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Per-environment alarms on what an on-call person can act on, all sent to one
 * encrypted SNS topic: backlog, failing jobs, 5xx, unhealthy/missing tasks and
 * Redis memory (with noeviction a full Redis rejects writes, i.e. uploads fail).
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const t = props.thresholds;
    if (!(t.queueDepth > 0 && t.failedJobsPer5Minutes > 0 && t.http5xxPer5Minutes > 0)) {
      throw new Error('Alarms: thresholds must be > 0');
    }

    // CloudWatch can only publish to an encrypted topic whose key it may use;
    // the AWS-managed aws/sns key does not allow that, hence our own key.
    const key = new kms.Key(this, 'TopicKey', {
      description: `healthsync-${props.environmentName} alarm topic`,
      enableKeyRotation: true,
      removalPolicy: props.removalPolicy,
    });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: `healthsync ${props.environmentName} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    for (const email of props.emails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));

    const name = (suffix: string) => `healthsync-${props.environmentName}-${suffix}`;

    this.add('QueueDepth', {
      alarmName: name('queue-depth'),
      alarmDescription: 'Jobs are waiting longer than usual: workers too few, stalled, or failing to start.',
      metric: queueDepthMetric(props.environmentName, Duration.minutes(5)),
      threshold: t.queueDepth,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      // Every worker reports once a minute; 15 minutes of silence means no
      // worker is running or emitting, which is an incident by itself.
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    // FailedJobs is the size of the failed set (jobs failed for good are kept
    // 24 h, at most 1,000, without payload), so it grows with each failure
    // and shrinks only as they age out; alarm on its increase.
    this.add('FailedJobs', {
      alarmName: name('failed-jobs'),
      alarmDescription: 'Jobs are failing after all retries (see the worker log and the failed set in Redis).',
      metric: new cloudwatch.MathExpression({
        expression: 'DIFF(failed)',
        usingMetrics: { failed: failedJobsMetric(props.environmentName, Duration.minutes(5)) },
        label: 'New failed jobs per 5 min',
        period: Duration.minutes(5),
      }),
      threshold: t.failedJobsPer5Minutes,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.add('Target5xx', {
      alarmName: name('api-5xx'),
      alarmDescription: 'The API answers 5xx.',
      metric: props.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: t.http5xxPer5Minutes,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.add('Elb5xx', {
      alarmName: name('alb-5xx'),
      alarmDescription: 'The load balancer answers 5xx itself (502/503/504: no healthy target, target reset or timeout).',
      metric: props.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, {
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.SUM,
      }),
      threshold: t.http5xxPer5Minutes,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.add('UnhealthyTargets', {
      alarmName: name('unhealthy-tasks'),
      alarmDescription: 'At least one API task fails the ALB health check (/health/ready) for 5 minutes.',
      metric: props.targetGroup.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: 1,
      evaluationPeriods: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    // Catches what the target group cannot see: tasks killed because the
    // worker container turned UNHEALTHY, or crash-looping on bad config.
    // Deployments only add tasks (minHealthyPercent 100), so a dip is real.
    this.add('RunningTasks', {
      alarmName: name('running-tasks'),
      alarmDescription: 'Fewer tasks run than the service minimum (tasks are being replaced or cannot start).',
      metric: new cloudwatch.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName: 'RunningTaskCount',
        dimensionsMap: { ClusterName: props.service.cluster.clusterName, ServiceName: props.service.serviceName },
        statistic: cloudwatch.Stats.MINIMUM,
        period: Duration.minutes(1),
      }),
      threshold: props.minRunningTasks,
      evaluationPeriods: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });

    this.add('RedisMemory', {
      alarmName: name('redis-memory'),
      alarmDescription: 'Redis memory above 80%: with noeviction, a full Redis rejects new jobs.',
      metric: new cloudwatch.Metric({
        namespace: 'AWS/ElastiCache',
        metricName: 'DatabaseMemoryUsagePercentage',
        dimensionsMap: { CacheClusterId: props.cacheNodeId },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.minutes(5),
      }),
      threshold: 80,
      evaluationPeriods: 3,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  private add(id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, props);
    const action = new actions.SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }
}
