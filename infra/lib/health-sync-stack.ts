import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type StackProps, Tags, Validations } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/types';
import { assertValidConfig } from '../config/validate';
import { Alarms } from './constructs/alarms';
import { AppService } from './constructs/app-service';
import { Cache } from './constructs/cache';
import { Dashboard } from './constructs/dashboard';
import { Database } from './constructs/database';
import { MigrateTask } from './constructs/migrate-task';
import { Network } from './constructs/network';
import { PublicEndpoint } from './constructs/public-endpoint';
import { RunMigrations } from './constructs/run-migrations';
import { SidecarTask } from './constructs/sidecar-task';
import { queueDepthMetric } from './metrics';
import { DATABASE_NAME, DATABASE_USERNAME } from './runtime-contract';
import { runtimeSettings } from './runtime-environment';

export interface HealthSyncStackProps extends Omit<StackProps, 'env'> {
  readonly config: EnvironmentConfig;
  /**
   * Tag of both images in ECR (CI pushes <repo>:<git sha> for each Docker target).
   *
   * Why ECR + tag and not ContainerImage.fromAsset: the image is built once
   * by CI and the same bytes are promoted DEV → UAT → PROD; fromAsset would
   * rebuild per environment at deploy time (what PROD runs would not be what
   * UAT tested) and would need Docker on the deploying machine. It also keeps
   * synth and these tests free of copying the repository into cdk.out.
   */
  readonly imageTag: string;
}

/** Immutable tags only: a mutable tag makes a rollback redeploy whatever the tag points at now. */
export function assertImageTag(tag: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) throw new Error(`imageTag "${tag}" is not a valid Docker tag`);
  if (tag === 'latest') throw new Error('imageTag "latest" is mutable; deploy an immutable tag (the git SHA CI pushed)');
  return tag;
}

/**
 * Health Sync in one environment: network, PostgreSQL, Redis, the public ALB,
 * the api+worker Fargate service and its alarms. The only input is the
 * environment's config (plus the image tag); dev, uat and prod are three
 * instances of this class.
 */
export class HealthSyncStack extends Stack {
  readonly config: EnvironmentConfig;
  readonly network: Network;
  readonly database: Database;
  readonly cache: Cache;
  readonly endpoint: PublicEndpoint;
  readonly task: SidecarTask;
  readonly migrateTask: MigrateTask;
  readonly runMigrations: RunMigrations;
  readonly app: AppService;
  readonly alarms: Alarms;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: HealthSyncStackProps) {
    const config = assertValidConfig(props.config);
    super(scope, id, {
      ...props,
      env: { account: config.account, region: config.region },
      terminationProtection: config.deletionProtection,
      description: `Health Sync ${config.name}: GraphQL API + BullMQ worker on Fargate, RDS PostgreSQL, ElastiCache Redis`,
    });
    this.config = config;
    const imageTag = assertImageTag(props.imageTag);
    const prefix = `healthsync-${config.name}`;
    const removalPolicy = config.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    Tags.of(this).add('Application', 'health-sync');
    Tags.of(this).add('Environment', config.name);

    this.network = new Network(this, 'Network', {
      vpcCidr: config.network.vpcCidr,
      azCount: config.azCount,
      natGateways: config.network.natGateways,
      logRetention: config.logs.retention,
      removalPolicy,
    });
    const { vpc } = this.network;

    this.database = new Database(this, 'Database', {
      vpc,
      subnets: this.network.dataSubnets,
      identifier: prefix,
      databaseName: DATABASE_NAME,
      username: DATABASE_USERNAME,
      instanceType: config.database.instanceType,
      multiAz: config.database.multiAz,
      allocatedStorageGiB: config.database.allocatedStorageGiB,
      maxAllocatedStorageGiB: config.database.maxAllocatedStorageGiB,
      backupRetentionDays: config.database.backupRetentionDays,
      deletionProtection: config.deletionProtection,
      logRetention: config.logs.retention,
    });

    this.cache = new Cache(this, 'Cache', {
      vpc,
      subnets: this.network.dataSubnets,
      identifier: prefix,
      nodeType: config.cache.nodeType,
      replicas: config.cache.replicas,
      automaticFailover: config.cache.automaticFailover,
      multiAz: config.cache.multiAz,
      snapshotRetentionDays: config.cache.snapshotRetentionDays,
      logRetention: config.logs.retention,
      removalPolicy,
    });

    this.endpoint = new PublicEndpoint(this, 'Endpoint', {
      vpc,
      subnets: this.network.publicSubnets,
      hostedZoneId: config.domain.hostedZoneId,
      zoneName: config.domain.zoneName,
      hostName: config.domain.apiHostName,
      deletionProtection: config.deletionProtection,
      accessLogRetentionDays: config.logs.retention,
    });

    let jwtSecret: secretsmanager.Secret | undefined;
    if (config.auth.kind === 'sharedSecret') {
      jwtSecret = new secretsmanager.Secret(this, 'JwtSecret', {
        secretName: `${prefix}/jwt-hs256`,
        description: 'HS256 key for DEV tokens (testers sign their own)',
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
        removalPolicy,
      });
      Validations.of(jwtSecret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'DEV-only token signing key read at task start; rotating it would invalidate every token testers hold and requires a redeploy. Rotated by hand when needed.',
      });
    }

    const { environment, secrets, migrate } = runtimeSettings({ config, database: this.database, cache: this.cache, jwtSecret });
    const apiImage = ecs.ContainerImage.fromEcrRepository(
      ecr.Repository.fromRepositoryName(this, 'ApiRepository', config.images.apiRepositoryName),
      imageTag,
    );
    this.task = new SidecarTask(this, 'Task', {
      environmentName: config.name,
      cpu: config.service.cpu,
      memoryMiB: config.service.memoryMiB,
      apiImage,
      workerImage: ecs.ContainerImage.fromEcrRepository(
        ecr.Repository.fromRepositoryName(this, 'WorkerRepository', config.images.workerRepositoryName),
        imageTag,
      ),
      environment,
      secrets,
      workerStopTimeout: Duration.seconds(config.service.workerStopTimeoutSeconds),
      logRetention: config.logs.retention,
      removalPolicy,
    });

    this.app = new AppService(this, 'App', {
      vpc,
      subnets: this.network.appSubnets,
      task: this.task,
      listener: this.endpoint.httpsListener,
      desiredCount: config.service.desiredCount,
      minCount: config.service.minCount,
      maxCount: config.service.maxCount,
      cpuTargetPercent: config.service.cpuTargetPercent,
      queueDepthScaling: config.service.queueDepthScaling && {
        metric: queueDepthMetric(config.name),
        ...config.service.queueDepthScaling,
      },
    });
    this.database.allowFrom(this.app.connections);
    this.cache.allowFrom(this.app.connections);

    // Migrations run as their own task before the service updates (the services only check).
    this.migrateTask = new MigrateTask(this, 'MigrateTask', {
      environmentName: config.name,
      image: apiImage,
      environment: migrate.environment,
      secrets: migrate.secrets,
      logRetention: config.logs.retention,
      removalPolicy,
    });
    this.runMigrations = new RunMigrations(this, 'RunMigrations', {
      cluster: this.app.cluster,
      task: this.migrateTask,
      vpc,
      subnets: this.network.appSubnets,
      // The service's group: PostgreSQL already admits it, and it reaches ECR, Logs and Secrets Manager.
      securityGroups: this.app.service.connections.securityGroups,
      // The CfnService alone: the service construct also holds the security group the task uses.
      before: [this.app.service.node.defaultChild as Construct],
      logRetention: config.logs.retention,
    });

    this.alarms = new Alarms(this, 'Alarms', {
      environmentName: config.name,
      loadBalancer: this.endpoint.loadBalancer,
      targetGroup: this.app.targetGroup,
      service: this.app.service,
      minRunningTasks: config.service.minCount,
      cacheNodeId: this.cache.firstNodeId,
      thresholds: {
        queueDepth: config.alarms.queueDepthThreshold,
        failedJobsPer5Minutes: config.alarms.failedJobsPer5Minutes,
        http5xxPer5Minutes: config.alarms.http5xxPer5Minutes,
      },
      emails: config.alarms.emails,
      removalPolicy,
    });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      environmentName: config.name,
      loadBalancer: this.endpoint.loadBalancer,
      targetGroup: this.app.targetGroup,
      database: this.database.instance,
      cacheNodeId: this.cache.firstNodeId,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.endpoint.url });
    new CfnOutput(this, 'ClusterName', { value: this.app.cluster.clusterName });
    new CfnOutput(this, 'ServiceName', { value: this.app.service.serviceName });
    new CfnOutput(this, 'DatabaseSecretArn', { value: this.database.secret.secretArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
  }

  /**
   * The first azCount AZs of the region as Fn::GetAZs tokens, resolved by
   * CloudFormation at deploy time. Without this override an environment-bound
   * stack looks AZs up from the account at synth time (needs credentials and
   * a committed cdk.context.json). ec2.Vpc takes its AZs from here.
   */
  override get availabilityZones(): string[] {
    return Array.from({ length: this.config.azCount }, (_, i) => Fn.select(i, Fn.getAzs()));
  }
}
