import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { MIGRATE_COMMAND } from '../runtime-contract';
import { acknowledgeEcrAuthWildcard, awsLogDriver, initProcess } from './container-defaults';

export interface MigrateTaskProps {
  /** Used in the log group name: /healthsync/<environment>/migrate. */
  readonly environmentName: string;
  /** The API image: the migrate entry point ships in it. */
  readonly image: ecs.ContainerImage;
  /** The database variables only (MigrateTask runs no Redis, serves nothing). */
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, ecs.Secret>>;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The one-off task that applies pending migrations (`npm run migrate`) before the services
 * update: its own task definition, the API's image at the same tag, one container that exits
 * when the migrations are done. It has no health check and no port: nothing probes it, so a
 * conversion of a large table can take as long as it needs, which a container's start-up cannot
 * (ECS health checks kill it and the service crash-loops). The services run MIGRATIONS=check.
 *
 * Small on purpose: PostgreSQL does the work, the node process only sends the statements.
 */
export class MigrateTask extends Construct {
  static readonly CONTAINER_NAME = 'migrate';
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;

  constructor(scope: Construct, id: string, props: MigrateTaskProps) {
    super(scope, id);
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: 256,
      memoryLimitMiB: 512,
      // Same platform as the service task: it runs the same image.
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/healthsync/${props.environmentName}/${MigrateTask.CONTAINER_NAME}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.container = this.taskDefinition.addContainer(MigrateTask.CONTAINER_NAME, {
      containerName: MigrateTask.CONTAINER_NAME,
      image: props.image,
      command: MIGRATE_COMMAND,
      essential: true,
      environment: { ...props.environment },
      secrets: { ...props.secrets },
      logging: awsLogDriver(logGroup, MigrateTask.CONTAINER_NAME),
      linuxParameters: initProcess(this, 'Linux'),
    });

    acknowledgeEcrAuthWildcard(this.taskDefinition);
    Validations.of(this.taskDefinition.node.defaultChild!).acknowledge({
      id: 'AwsSolutions-ECS2',
      reason:
        'Environment variables carry the database endpoint, TLS switch and log level only; the database user and password come from Secrets Manager via container secrets.',
    });
  }
}
