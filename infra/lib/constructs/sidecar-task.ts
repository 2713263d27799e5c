import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_PORT, HEALTH_READY_PATH, WORKER_HEALTH_PORT, healthcheckCommand } from '../runtime-contract';
import { acknowledgeEcrAuthWildcard, awsLogDriver, initProcess } from './container-defaults';

/** Per-container and shared variables; secrets are values from Secrets Manager, never strings. */
export interface ContainerSettings<T> {
  readonly common: Readonly<Record<string, T>>;
  readonly api: Readonly<Record<string, T>>;
  readonly worker: Readonly<Record<string, T>>;
}

export interface SidecarTaskProps {
  /** Used in log group names: /healthsync/<environment>/<container>. */
  readonly environmentName: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly apiImage: ecs.ContainerImage;
  readonly workerImage: ecs.ContainerImage;
  /** Plain configuration only; construction fails on a name that looks secret. */
  readonly environment: ContainerSettings<string>;
  readonly secrets: ContainerSettings<ecs.Secret>;
  /** SIGTERM → SIGKILL grace for the worker; must exceed its WORKER_SHUTDOWN_TIMEOUT_MS. */
  readonly workerStopTimeout: Duration;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** Names that must come through `secrets`, never `environment`. */
const SECRET_LOOKING_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIAL)/i;

/** The API's drain window: ECS deregisters it from the ALB first, then SIGTERM; requests are short. */
const API_STOP_TIMEOUT = Duration.seconds(30);

/**
 * One Fargate task, two essential containers sharing the task's network
 * namespace (so 127.0.0.1 reaches both) and the same Redis/PostgreSQL:
 *
 * - `worker` (BullMQ consumer, headless): Terminus on WORKER_HEALTH_PORT, no
 *   port mapping. In awsvpc mode a port mapping is only a declaration; what
 *   keeps 3001 private is the service security group, which admits only the
 *   ALB on 3000.
 * - `api` (GraphQL): port 3000, registered with the ALB.
 *
 * Start order: api waits until worker is HEALTHY. The worker checks that the
 * schema is current (MIGRATIONS=check: the migrate task ran before this
 * deploy) and reports ready only with PostgreSQL, Redis and its BullMQ
 * consumer up, so the API never accepts a chunk into a schema that is not
 * migrated or a queue nobody drains; a worker
 * that cannot start keeps the task out of the ALB and the deployment circuit
 * breaker rolls back. ECS stops containers in reverse dependency order, so
 * on scale-in/deploy the API (producer) stops first and the worker drains last.
 * The reverse order (worker waits for API) would buy nothing: the API does
 * not depend on the worker at runtime, the worker depends on the schema.
 */
export class SidecarTask extends Construct {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly api: ecs.ContainerDefinition;
  readonly worker: ecs.ContainerDefinition;
  readonly apiLogGroup: logs.LogGroup;
  readonly workerLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: SidecarTaskProps) {
    super(scope, id);
    assertNoSecretLookingNames(props.environment);
    if (props.workerStopTimeout.toSeconds() > 120) throw new Error('SidecarTask: Fargate caps stopTimeout at 120 s');

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryMiB,
      // Must match the platform CI builds the images for; change both together.
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });

    this.workerLogGroup = this.logGroup('WorkerLogs', props, 'worker');
    this.apiLogGroup = this.logGroup('ApiLogs', props, 'api');

    this.worker = this.taskDefinition.addContainer('worker', {
      containerName: 'worker',
      image: props.workerImage,
      essential: true,
      environment: { ...props.environment.common, ...props.environment.worker },
      secrets: { ...props.secrets.common, ...props.secrets.worker },
      logging: awsLogDriver(this.workerLogGroup, 'worker'),
      linuxParameters: initProcess(this, 'WorkerLinux'),
      stopTimeout: props.workerStopTimeout,
      // /health/ready, not /health/live. HEALTHY is what the api waits for, and
      // it should mean "consuming": DB + Redis connected, schema current,
      // BullMQ worker running and not stalled. A live-but-stalled consumer
      // (lost Redis subscription) is exactly what a restart fixes and what
      // /live would never catch; queue depth would just grow. The cost is that
      // a dependency outage marks tasks unhealthy, so the check tolerates
      // 4 × 30 s of failures, longer than an RDS Multi-AZ or ElastiCache
      // failover, before ECS replaces the task.
      healthCheck: {
        command: ['CMD', ...healthcheckCommand(WORKER_HEALTH_PORT, HEALTH_READY_PATH)],
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 4,
        // Connecting and the schema check run before the health server
        // answers; failures during this window do not count.
        startPeriod: Duration.seconds(90),
      },
    });

    this.api = this.taskDefinition.addContainer('api', {
      containerName: 'api',
      image: props.apiImage,
      essential: true,
      portMappings: [{ containerPort: API_PORT, protocol: ecs.Protocol.TCP, name: 'http' }],
      environment: { ...props.environment.common, ...props.environment.api },
      secrets: { ...props.secrets.common, ...props.secrets.api },
      logging: awsLogDriver(this.apiLogGroup, 'api'),
      linuxParameters: initProcess(this, 'ApiLinux'),
      stopTimeout: API_STOP_TIMEOUT,
      // No container health check: the ALB checks /health/ready on 3000 and
      // replaces the task when it fails; a second probe would only race it.
    });
    this.api.addContainerDependencies({ container: this.worker, condition: ecs.ContainerDependencyCondition.HEALTHY });

    acknowledgeEcrAuthWildcard(this.taskDefinition);
    Validations.of(this.taskDefinition.node.defaultChild!).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'Environment variables carry non-secret configuration only (endpoints, ports, log level); SidecarTask refuses secret-looking names, and passwords/tokens come from Secrets Manager via container secrets.',
    });
  }

  private logGroup(id: string, props: SidecarTaskProps, container: string): logs.LogGroup {
    return new logs.LogGroup(this, id, {
      logGroupName: `/healthsync/${props.environmentName}/${container}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
  }
}

function assertNoSecretLookingNames(environment: ContainerSettings<string>): void {
  const offending = [environment.common, environment.api, environment.worker]
    .flatMap((vars) => Object.keys(vars))
    .filter((name) => SECRET_LOOKING_NAME.test(name));
  if (offending.length > 0) {
    throw new Error(
      `SidecarTask: ${offending.join(', ')} must be passed as secrets (Secrets Manager), not environment variables`,
    );
  }
}
