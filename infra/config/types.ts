import type { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * Everything that differs between DEV, UAT and PROD lives in one object of
 * this type. The stack code has no `if (env === 'prod')`: an environment is a
 * value, and a difference between environments is a difference in data that a
 * reviewer can read side by side in dev.ts / uat.ts / prod.ts.
 */
export type EnvironmentName = 'dev' | 'uat' | 'prod';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** How the API verifies bearer tokens in this environment. */
export type AuthConfig =
  /** Production style: tokens signed by the identity provider, verified against its JWKS. Plain env vars, nothing secret. */
  | {
      readonly kind: 'jwks';
      readonly jwksUrl: string;
      readonly issuer: string;
      readonly audience: string;
      /** The audience of queue-admin tokens (ADMIN_JWT_AUDIENCE): never the phones' audience. */
      readonly adminAudience: string;
    }
  /**
   * HS256 shared secret (DEV only: lets testers mint their own tokens). The
   * stack generates the secret in Secrets Manager and injects it as JWT_SECRET;
   * it never appears in the template or in plain environment variables.
   */
  | { readonly kind: 'sharedSecret' };

export interface EnvironmentConfig {
  readonly name: EnvironmentName;
  /** Target account/region. Explicit, so `cdk synth` needs no credentials and no lookups. */
  readonly account: string;
  readonly region: string;
  /**
   * How many AZs to spread subnets (and so tasks, RDS standby, Redis replicas)
   * over. A count, not names: the template asks CloudFormation for the
   * region's AZs (Fn::GetAZs) at deploy time, so synth needs no lookup and the
   * template hardcodes no account-specific AZ names.
   */
  readonly azCount: 2 | 3;
  /**
   * One switch for "this environment holds data we must not lose": RDS
   * deletion protection, snapshot-on-delete, retained log groups, ALB deletion
   * protection and CloudFormation termination protection.
   */
  readonly deletionProtection: boolean;

  readonly network: {
    readonly vpcCidr: string;
    /** NAT gateways for the task subnets' egress (ECR, Secrets Manager, Logs, JWKS). One per AZ for AZ-independent egress in PROD. */
    readonly natGateways: number;
  };

  readonly domain: {
    /** Public hosted zone that already exists in the account (given by id, so no lookup at synth). */
    readonly hostedZoneId: string;
    readonly zoneName: string;
    /** Name clients use; gets an ACM certificate (DNS-validated in the zone) and an alias record to the ALB. */
    readonly apiHostName: string;
  };

  /** ECR repositories the CI pipeline pushes the two Docker targets to (tag = git SHA, given at deploy time). */
  readonly images: {
    readonly apiRepositoryName: string;
    readonly workerRepositoryName: string;
  };

  readonly auth: AuthConfig;

  readonly service: {
    /** Fargate task size shared by the api and worker containers (vCPU units, MiB). */
    readonly cpu: number;
    readonly memoryMiB: number;
    readonly desiredCount: number;
    readonly minCount: number;
    readonly maxCount: number;
    /** Target-tracking on average task CPU. */
    readonly cpuTargetPercent: number;
    /**
     * Step scaling on the worker's QueueDepth metric (waiting + delayed jobs).
     * Absent = this environment scales on CPU only.
     */
    readonly queueDepthScaling?: {
      readonly scaleOutAbove: number;
      readonly scaleInBelow: number;
    };
    readonly logLevel: LogLevel;
    /**
     * WORKER_CONCURRENCY: jobs a worker holds at once. While one batch of chunks is stored the others wait
     * and form the next (WORKER_BATCH_SIZE, default 8), so it is kept at 2 × the batch size: 16.
     */
    readonly workerConcurrency: number;
    /** The worker's own drain deadline after SIGTERM (WORKER_SHUTDOWN_TIMEOUT_MS). */
    readonly workerShutdownTimeoutMs: number;
    /** ECS stopTimeout for the worker: SIGKILL comes this long after SIGTERM. Must exceed the drain deadline; Fargate caps it at 120 s. */
    readonly workerStopTimeoutSeconds: number;
  };

  readonly cache: {
    /**
     * ElastiCache cluster mode. `disabled`: one shard, a primary and its replicas behind one
     * primary endpoint. `enabled` (several shards behind a configuration endpoint) is refused
     * for now: the apps connect with a single-endpoint Redis client (docs/scale.md#queue).
     */
    readonly clusterMode: 'disabled' | 'enabled';
    /**
     * BullMQ key prefix given to both containers as QUEUE_PREFIX. Hash-tagged ({hs}) so that every
     * key of the queue hashes to one slot: the same keys then work on a cluster-mode group.
     */
    readonly queuePrefix: string;
    /** ElastiCache node type, e.g. cache.t4g.micro. */
    readonly nodeType: string;
    /** Read replicas besides the primary (numCacheClusters = 1 + replicas). */
    readonly replicas: number;
    readonly automaticFailover: boolean;
    readonly multiAz: boolean;
    readonly snapshotRetentionDays: number;
  };

  readonly database: {
    /** RDS instance class without the `db.` prefix, e.g. t4g.micro. */
    readonly instanceType: string;
    readonly multiAz: boolean;
    readonly allocatedStorageGiB: number;
    readonly maxAllocatedStorageGiB: number;
    readonly backupRetentionDays: number;
  };

  readonly logs: {
    readonly retention: RetentionDays;
  };

  readonly alarms: {
    /** Waiting + delayed jobs (max over the workers' reports) sustained for 3 × 5 min. */
    readonly queueDepthThreshold: number;
    /** New failed jobs within 5 minutes. */
    readonly failedJobsPer5Minutes: number;
    /** 5xx answers (targets + load balancer) within 5 minutes. */
    readonly http5xxPer5Minutes: number;
    /** Addresses subscribed to the alarm topic (confirmation mail needed). */
    readonly emails: readonly string[];
  };
}
