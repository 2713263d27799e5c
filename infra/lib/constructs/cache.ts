import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface CacheProps {
  readonly vpc: ec2.IVpc;
  /** Isolated subnets, as for the database. */
  readonly subnets: ec2.SubnetSelection;
  /** Replication group id (lowercase, <= 40 chars), e.g. healthsync-dev. */
  readonly identifier: string;
  readonly nodeType: string;
  readonly replicas: number;
  readonly automaticFailover: boolean;
  readonly multiAz: boolean;
  readonly snapshotRetentionDays: number;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

const REDIS_PORT = 6379;

/**
 * ElastiCache for Redis as BullMQ's store: a node-based replication group
 * (cluster mode off), not Serverless. BullMQ keeps jobs in Redis, so:
 * - `maxmemory-policy noeviction`: evicting a key would silently drop a
 *   queued job or corrupt a queue's bookkeeping; a full Redis must fail the
 *   write (the API then reports an error) instead.
 * - cluster mode off: BullMQ's Lua scripts touch many keys of one queue; a
 *   single shard avoids hash-tag gymnastics and CROSSSLOT errors.
 * - TLS in transit (required) + at-rest encryption + AUTH token from Secrets
 *   Manager, injected into the containers as REDIS_PASSWORD.
 */
export class Cache extends Construct {
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  readonly authToken: secretsmanager.Secret;
  readonly securityGroup: ec2.SecurityGroup;
  readonly identifier: string;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(props.identifier)) throw new Error(`Cache: bad identifier "${props.identifier}"`);
    if (props.automaticFailover && props.replicas < 1) throw new Error('Cache: automaticFailover needs a replica');
    if (props.multiAz && !props.automaticFailover) throw new Error('Cache: multiAz needs automaticFailover');
    this.identifier = props.identifier;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.identifier} Redis: only the service may connect`,
      allowAllOutbound: false,
    });

    // ElastiCache AUTH tokens: 16-128 printable chars without @ " / or spaces;
    // alphanumerics only is the safe subset (also safe inside a rediss:// URL).
    this.authToken = new secretsmanager.Secret(this, 'AuthToken', {
      secretName: `${props.identifier}/redis-auth-token`,
      description: `AUTH token of the ${props.identifier} Redis replication group`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: props.removalPolicy,
    });

    const subnetGroup = new elasticache.CfnSubnetGroup(this, 'SubnetGroup', {
      description: `${props.identifier} Redis subnets (isolated)`,
      subnetIds: props.vpc.selectSubnets(props.subnets).subnetIds,
    });

    const parameterGroup = new elasticache.CfnParameterGroup(this, 'Parameters', {
      cacheParameterGroupFamily: 'redis7',
      description: `${props.identifier}: BullMQ needs noeviction`,
      properties: { 'maxmemory-policy': 'noeviction' },
    });

    const slowLog = new logs.LogGroup(this, 'SlowLog', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });

    this.replicationGroup = new elasticache.CfnReplicationGroup(this, 'ReplicationGroup', {
      replicationGroupId: props.identifier,
      replicationGroupDescription: `${props.identifier} BullMQ queues`,
      engine: 'redis',
      engineVersion: '7.1',
      cacheNodeType: props.nodeType,
      numCacheClusters: 1 + props.replicas,
      automaticFailoverEnabled: props.automaticFailover,
      multiAzEnabled: props.multiAz,
      cacheParameterGroupName: parameterGroup.ref,
      cacheSubnetGroupName: subnetGroup.ref,
      securityGroupIds: [this.securityGroup.securityGroupId],
      port: REDIS_PORT,
      atRestEncryptionEnabled: true,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      // A CloudFormation dynamic reference ({{resolve:secretsmanager:…}}):
      // the token is resolved by CloudFormation, never written into the template.
      authToken: this.authToken.secretValue.unsafeUnwrap(),
      autoMinorVersionUpgrade: true,
      snapshotRetentionLimit: props.snapshotRetentionDays,
      logDeliveryConfigurations: [
        {
          destinationType: 'cloudwatch-logs',
          destinationDetails: { cloudWatchLogsDetails: { logGroup: slowLog.logGroupName } },
          logFormat: 'json',
          logType: 'slow-log',
        },
      ],
    });
    this.replicationGroup.applyRemovalPolicy(props.removalPolicy);

    Validations.of(this.replicationGroup).acknowledge({
      id: 'AwsSolutions-AEC5',
      reason:
        'Default port 6379 kept on purpose: a non-default port is obscurity, not a control. The group sits in isolated subnets, requires TLS and AUTH, and its security group admits only the service.',
    });
    Validations.of(this.authToken).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'ECS injects REDIS_PASSWORD at task start and ElastiCache needs a coordinated ROTATE/SET of the token; automatic rotation would lock out running tasks. Rotation is an operated procedure followed by a forced ECS deployment.',
    });
    if (!props.multiAz) {
      Validations.of(this.replicationGroup).acknowledge({
        id: 'AwsSolutions-AEC4',
        reason:
          'Single node is a per-environment cost decision (config cache.multiAz=false, DEV only); validateConfig() refuses it for PROD.',
      });
    }
  }

  /** rediss:// = TLS. The AUTH token is not in the URL; it comes as REDIS_PASSWORD. */
  get url(): string {
    return `rediss://${this.replicationGroup.attrPrimaryEndPointAddress}:${this.replicationGroup.attrPrimaryEndPointPort}`;
  }

  /** CloudWatch dimension value of the first node (`<group>-001`). */
  get firstNodeId(): string {
    return `${this.identifier}-001`;
  }

  allowFrom(peer: ec2.IConnectable): void {
    this.securityGroup.connections.allowFrom(peer, ec2.Port.tcp(REDIS_PORT), 'Redis from the service');
  }
}
