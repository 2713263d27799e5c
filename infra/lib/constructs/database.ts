import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface DatabaseProps {
  readonly vpc: ec2.IVpc;
  /** Isolated subnets: the instance has no route to or from the internet. */
  readonly subnets: ec2.SubnetSelection;
  /** Physical name prefix, e.g. healthsync-dev (also names the RDS log group). */
  readonly identifier: string;
  readonly databaseName: string;
  readonly username: string;
  /** Instance class without the db. prefix, e.g. t4g.micro. */
  readonly instanceType: string;
  readonly multiAz: boolean;
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly logRetention: logs.RetentionDays;
}

/**
 * PostgreSQL on RDS: encrypted, private, TLS-only, credentials generated into
 * Secrets Manager. Callers get the connection parts (no password) and inject
 * the password with ecs.Secret.fromSecretsManager(secret, 'password').
 */
export class Database extends Construct {
  readonly instance: rds.DatabaseInstance;
  readonly secret: secretsmanager.ISecret;
  readonly securityGroup: ec2.SecurityGroup;
  readonly databaseName: string;
  readonly username: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    if (props.instanceType.startsWith('db.')) throw new Error('Database: instanceType without the "db." prefix');
    if (props.backupRetentionDays < 1) throw new Error('Database: backupRetentionDays must be >= 1');
    this.databaseName = props.databaseName;
    this.username = props.username;

    // No egress and no ingress except what allowFrom() adds.
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.identifier} PostgreSQL: only the service may connect`,
      allowAllOutbound: false,
    });

    const removalPolicy = props.deletionProtection ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY;

    // RDS creates /aws/rds/instance/<id>/postgresql on first export with
    // "never expire"; creating it first lets us set retention without the
    // LogRetention custom resource (a Lambda with broad log permissions).
    const logGroup = new logs.LogGroup(this, 'PostgresLog', {
      logGroupName: `/aws/rds/instance/${props.identifier}/postgresql`,
      retention: props.logRetention,
      removalPolicy: props.deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      instanceIdentifier: props.identifier,
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_6 }),
      instanceType: new ec2.InstanceType(props.instanceType),
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      publiclyAccessible: false,
      databaseName: props.databaseName,
      credentials: rds.Credentials.fromGeneratedSecret(props.username, {
        secretName: `${props.identifier}/database`,
        // Keeps the password URL-safe for tools that still want it in a URL.
        excludeCharacters: ' %+~`#$&*()|[]{}:;<>?!\'/@"\\',
      }),
      multiAz: props.multiAz,
      storageType: rds.StorageType.GP3,
      allocatedStorage: props.allocatedStorageGiB,
      maxAllocatedStorage: props.maxAllocatedStorageGiB,
      storageEncrypted: true,
      backupRetention: Duration.days(props.backupRetentionDays),
      deletionProtection: props.deletionProtection,
      removalPolicy,
      autoMinorVersionUpgrade: true,
      caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
      // The app sets DATABASE_SSL=true; force_ssl makes a plaintext client fail
      // loudly instead of silently working. Slow statements go to the log.
      parameters: {
        'rds.force_ssl': '1',
        log_min_duration_statement: '1000',
      },
      cloudwatchLogsExports: ['postgresql'],
    });
    this.instance.node.addDependency(logGroup);
    this.secret = this.instance.secret!;

    // Acknowledged on the CfnDBInstance itself, so nothing else inherits them.
    const cfnInstance = this.instance.node.defaultChild as rds.CfnDBInstance;
    Validations.of(cfnInstance).acknowledge({
      id: 'AwsSolutions-RDS11',
      reason:
        'Default port 5432 kept on purpose: a non-default port is obscurity, not a control. The instance sits in isolated subnets and its security group admits only the service security group.',
    });
    // The generated secret is the instance's child "Secret" (instance.secret is its attachment).
    Validations.of(this.instance.node.findChild('Secret')).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'ECS injects DATABASE_PASSWORD at task start; an automatic single-user rotation would break every running task until redeployed. Rotation is an operated procedure (rotate, then force a new ECS deployment).',
    });
    if (!props.multiAz) {
      Validations.of(cfnInstance).acknowledge({
        id: 'AwsSolutions-RDS3',
        reason:
          'Single-AZ is a per-environment cost decision (config database.multiAz=false, DEV/UAT only); validateConfig() refuses it for PROD.',
      });
    }
    if (!props.deletionProtection) {
      Validations.of(cfnInstance).acknowledge({
        id: 'AwsSolutions-RDS10',
        reason: 'Non-PROD environments are disposable (config deletionProtection=false); validateConfig() refuses it for PROD.',
      });
    }
  }

  get host(): string {
    return this.instance.dbInstanceEndpointAddress;
  }

  get port(): string {
    return this.instance.dbInstanceEndpointPort;
  }

  /** postgres://user@host:port/db: the password is injected separately as DATABASE_PASSWORD. */
  get connectionUrl(): string {
    return `postgres://${this.username}@${this.host}:${this.port}/${this.databaseName}`;
  }

  allowFrom(peer: ec2.IConnectable): void {
    this.instance.connections.allowDefaultPortFrom(peer, 'PostgreSQL from the service');
  }
}
