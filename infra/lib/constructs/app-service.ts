import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { API_PORT, HEALTH_READY_PATH } from '../runtime-contract';
import type { SidecarTask } from './sidecar-task';

export interface QueueDepthScalingProps {
  /** The worker's QueueDepth metric (Maximum over the workers' reports). */
  readonly metric: cloudwatch.IMetric;
  readonly scaleOutAbove: number;
  readonly scaleInBelow: number;
}

export interface AppServiceProps {
  readonly vpc: ec2.IVpc;
  /** Private subnets with NAT egress; tasks get no public IP. */
  readonly subnets: ec2.SubnetSelection;
  readonly task: SidecarTask;
  /** HTTPS listener of the public ALB; the service adds its target group here. */
  readonly listener: elbv2.ApplicationListener;
  readonly desiredCount: number;
  readonly minCount: number;
  readonly maxCount: number;
  readonly cpuTargetPercent: number;
  /** Absent = scale on CPU only. */
  readonly queueDepthScaling?: QueueDepthScalingProps;
}

/**
 * The ECS cluster and Fargate service running the api+worker task behind the
 * ALB, with a rolling deployment guarded by the circuit breaker and scaling
 * on CPU and (optionally) on queue depth.
 */
export class AppService extends Construct {
  readonly cluster: ecs.Cluster;
  readonly service: ecs.FargateService;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly scaling: ecs.ScalableTaskCount;

  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    if (!(props.minCount >= 1 && props.minCount <= props.desiredCount && props.desiredCount <= props.maxCount)) {
      throw new Error(
        `AppService: need 1 <= min <= desired <= max, got ${props.minCount}/${props.desiredCount}/${props.maxCount}`,
      );
    }

    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      // Per-task CPU/memory and RunningTaskCount, used by the alarms.
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: props.task.taskDefinition,
      vpcSubnets: props.subnets,
      assignPublicIp: false,
      platformVersion: ecs.FargatePlatformVersion.LATEST,
      // Set on every deploy: a deployment resets a scaled-out service to this
      // value until autoscaling reacts again. Kept explicit because the count
      // is per-environment data; keep it at the usual baseline (= minCount).
      desiredCount: props.desiredCount,
      // Rolling deploy with full capacity kept: new tasks start beside the old.
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      // A task that never gets healthy (bad config → the process exits at
      // once, the schema is behind, worker never ready) fails the deployment and
      // CloudFormation gets the previous task definition back.
      circuitBreaker: { enable: true, rollback: true },
      // Worker start (up to its 90 s start period) + API start,
      // before ALB health checks may kill the task.
      healthCheckGracePeriod: Duration.minutes(3),
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      enableECSManagedTags: true,
    });

    this.targetGroup = props.listener.addTargets('Api', {
      port: API_PORT,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service.loadBalancerTarget({ containerName: props.task.api.containerName, containerPort: API_PORT })],
      healthCheck: {
        path: HEALTH_READY_PATH,
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
      // ECS waits for deregistration before sending SIGTERM, so in-flight
      // requests finish here; GraphQL chunk uploads take well under 30 s.
      deregistrationDelay: Duration.seconds(30),
    });

    // /metrics is for scrapers inside the VPC (they reach the task's port directly), not for the internet.
    // Path patterns are case-sensitive and Express routes are not, so the rule matches every
    // spelling (/METRICS, /Metrics/x) with a regex; the app also serves only the exact /metrics.
    props.listener.addAction('NoPublicMetrics', {
      priority: 10,
      conditions: [new RegexPathCondition([METRICS_PATH_REGEX])],
      action: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'not found' }),
    });

    this.scaling = this.service.autoScaleTaskCount({ minCapacity: props.minCount, maxCapacity: props.maxCount });
    this.scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: props.cpuTargetPercent,
      scaleOutCooldown: Duration.minutes(1),
      scaleInCooldown: Duration.minutes(5),
    });
    if (props.queueDepthScaling) {
      const q = props.queueDepthScaling;
      if (!(q.scaleInBelow >= 0 && q.scaleInBelow < q.scaleOutAbove)) {
        throw new Error('AppService: queueDepthScaling needs 0 <= scaleInBelow < scaleOutAbove');
      }
      // Step scaling, not target tracking: QueueDepth is a queue-wide total,
      // not a per-task average, so "keep it at N" has no meaning per task.
      // The whole task scales (api rides along with the worker): the price of
      // the sidecar layout, small next to running a second service.
      this.scaling.scaleOnMetric('QueueDepth', {
        metric: q.metric,
        adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
        scalingSteps: [
          { upper: q.scaleInBelow, change: -1 },
          { lower: q.scaleOutAbove, change: +1 },
          { lower: q.scaleOutAbove * 4, change: +3 },
        ],
        evaluationPeriods: 3,
        cooldown: Duration.minutes(2),
      });
    }
  }

  /** Security group peer for the database and cache to admit. */
  get connections(): ec2.Connections {
    return this.service.connections;
  }
}

/** `/metrics` and everything under it, in any letter case (ALB regexes are at most 128 characters). */
export const METRICS_PATH_REGEX = '^/[Mm][Ee][Tt][Rr][Ii][Cc][Ss](/.*)?$';

/** A path condition by regular expression (PathPatternConfig.RegexValues), which the L2 conditions do not offer. */
class RegexPathCondition extends elbv2.ListenerCondition {
  constructor(private readonly regexValues: string[]) {
    super();
  }

  renderRawCondition(): elbv2.CfnListenerRule.RuleConditionProperty {
    return { field: 'path-pattern', pathPatternConfig: { regexValues: this.regexValues } };
  }
}
