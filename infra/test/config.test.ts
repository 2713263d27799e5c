import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { environmentNames, environments, validateConfig, type EnvironmentConfig } from '../config';
import { SidecarTask } from '../lib/constructs/sidecar-task';
import { HealthSyncStack, assertImageTag } from '../lib/health-sync-stack';

/** Config rules are checked before any construct exists; these tests need no synth. */

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? Mutable<T[K]> : T[K] };
function variant(base: EnvironmentConfig, change: (c: Mutable<EnvironmentConfig>) => void): EnvironmentConfig {
  const copy = structuredClone(base) as Mutable<EnvironmentConfig>;
  change(copy);
  return copy as EnvironmentConfig;
}

describe('environment configs', () => {
  test.each(environmentNames)('%s is valid', (name) => {
    expect(validateConfig(environments[name])).toEqual([]);
    expect(environments[name].name).toBe(name);
  });

  test('all three use the explicit placeholder account, so synth needs no credentials', () => {
    for (const name of environmentNames)
      expect(environments[name]).toMatchObject({ account: '123456789012', region: 'eu-west-1' });
  });

  test('environments do not share network ranges, domains or zones', () => {
    const all = environmentNames.map((n) => environments[n]);
    for (const key of ['vpcCidr'] as const) expect(new Set(all.map((c) => c.network[key])).size).toBe(3);
    expect(new Set(all.map((c) => c.domain.apiHostName)).size).toBe(3);
    expect(new Set(all.map((c) => c.domain.hostedZoneId)).size).toBe(3);
  });
});

describe('validateConfig rejects', () => {
  const { dev, prod } = environments;
  const cases: Array<[string, EnvironmentConfig, RegExp]> = [
    [
      'a Fargate cpu/memory pair that does not exist',
      variant(dev, (c) => (c.service.memoryMiB = 8192)),
      /memoryMiB 8192 is not valid with cpu 512/,
    ],
    ['min > desired', variant(dev, (c) => (c.service.minCount = 2)), /min <= desired <= max/],
    [
      'a stop timeout that does not outlast the worker drain',
      variant(dev, (c) => (c.service.workerStopTimeoutSeconds = 26)),
      /must exceed workerShutdownTimeoutMs/,
    ],
    ['a stop timeout above the Fargate limit', variant(dev, (c) => (c.service.workerStopTimeoutSeconds = 121)), /<= 120/],
    [
      'Redis failover without a replica',
      variant(dev, (c) => (c.cache.automaticFailover = true)),
      /automaticFailover needs replicas/,
    ],
    [
      'Redis Multi-AZ without failover',
      variant(dev, (c) => {
        c.cache.replicas = 1;
        c.cache.multiAz = true;
      }),
      /multiAz needs automaticFailover/,
    ],
    [
      'queue scaling thresholds the wrong way round',
      variant(dev, (c) => (c.service.queueDepthScaling = { scaleOutAbove: 10, scaleInBelow: 50 })),
      /scaleInBelow < scaleOutAbove/,
    ],
    [
      'a queue prefix Redis or BullMQ would mangle',
      variant(dev, (c) => (c.cache.queuePrefix = 'hs:{x}')),
      /cache.queuePrefix \(QUEUE_PREFIX\) "hs:\{x\}" must be letters/,
    ],
    [
      'cluster mode with a prefix that is not hash-tagged',
      variant(prod, (c) => {
        c.cache.clusterMode = 'enabled';
        c.cache.queuePrefix = 'hs';
      }),
      /QUEUE_PREFIX\) "hs" must be hash-tagged like \{hs\} with cluster mode enabled/,
    ],
    [
      'cluster mode before the apps have a cluster client',
      variant(prod, (c) => (c.cache.clusterMode = 'enabled')),
      /clusterMode "enabled" is not supported yet/,
    ],
    ['no automated backups', variant(dev, (c) => (c.database.backupRetentionDays = 0)), /backupRetentionDays must be 1..35/],
    [
      'an RDS class with the db. prefix',
      variant(dev, (c) => (c.database.instanceType = 'db.t4g.micro')),
      /must not carry the "db." prefix/,
    ],
    ['an API host outside its zone', variant(dev, (c) => (c.domain.apiHostName = 'api.example.org')), /not inside zone/],
    ['more NAT gateways than AZs', variant(dev, (c) => (c.network.natGateways = 3)), /natGateways must be 1..2/],
    ['a malformed account', variant(dev, (c) => (c.account = '1234')), /account must be 12 digits/],
    [
      'PROD without deletion protection',
      variant(prod, (c) => (c.deletionProtection = false)),
      /prod must have deletionProtection/,
    ],
    ['PROD with a single-AZ database', variant(prod, (c) => (c.database.multiAz = false)), /prod database must be Multi-AZ/],
    ['PROD with a single-AZ cache', variant(prod, (c) => (c.cache.multiAz = false)), /prod cache must be Multi-AZ/],
    [
      'PROD with a shared JWT secret',
      variant(prod, (c) => (c.auth = { kind: 'sharedSecret' })),
      /prod must verify tokens with JWKS/,
    ],
  ];

  test.each(cases)('%s', (_label, config, message) => {
    expect(validateConfig(config)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test('reports every problem at once', () => {
    const broken = variant(prod, (c) => {
      c.deletionProtection = false;
      c.service.cpu = 300;
      c.alarms.emails = ['not-an-address'];
    });
    expect(validateConfig(broken)).toHaveLength(3);
  });

  test('the stack refuses an invalid config before building anything', () => {
    const app = new App();
    const broken = variant(environments.dev, (c) => (c.service.workerStopTimeoutSeconds = 10));
    expect(() => new HealthSyncStack(app, 'Broken', { config: broken, imageTag: 'abc123' })).toThrow(
      /Invalid dev config:[\s\S]*workerStopTimeoutSeconds/,
    );
    expect(app.node.children).toHaveLength(0);
  });
});

describe('image tags', () => {
  test('accepts a git SHA and rejects latest or malformed tags', () => {
    expect(assertImageTag('3f2c1a9e0b7d')).toBe('3f2c1a9e0b7d');
    expect(() => assertImageTag('latest')).toThrow(/mutable/);
    expect(() => assertImageTag('has space')).toThrow(/not a valid Docker tag/);
    expect(() => assertImageTag('')).toThrow(/not a valid Docker tag/);
  });
});

describe('SidecarTask', () => {
  test('refuses a secret-looking name in plain environment variables', () => {
    const stack = new Stack(new App(), 'T');
    const image = ecs.ContainerImage.fromRegistry('example/image:1.0.0');
    expect(
      () =>
        new SidecarTask(stack, 'Task', {
          environmentName: 'dev',
          cpu: 256,
          memoryMiB: 512,
          apiImage: image,
          workerImage: image,
          environment: { common: {}, api: { JWT_SECRET: 'oops' }, worker: { REDIS_PASSWORD: 'oops' } },
          secrets: { common: {}, api: {}, worker: {} },
          workerStopTimeout: Duration.seconds(40),
          logRetention: RetentionDays.ONE_DAY,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
    ).toThrow(/JWT_SECRET, REDIS_PASSWORD must be passed as secrets/);
  });
});
