import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { environments } from '../config';
import { HealthSyncStack } from '../lib/health-sync-stack';
import {
  REPO_ROOT,
  cdkJsonContext,
  containers,
  envOf,
  onlyResource,
  secretsOf,
  serviceTaskDefinition,
  synth,
  type Synthesized,
} from './support/synth';

/**
 * PROD differs from DEV exactly where the config says, and the template
 * follows. The values are pinned here on purpose (not read back from the
 * config): changing e.g. PROD's Multi-AZ must be a visible test change.
 */
describe('PROD vs DEV', () => {
  let dev: Synthesized;
  let prod: Synthesized;
  beforeAll(() => {
    dev = synth('dev');
    prod = synth('prod');
  });
  const props = (s: Synthesized, type: string) => onlyResource(s.template, type).props;

  test('database: Multi-AZ, deletion protection, snapshot on delete, backups, size', () => {
    expect(props(dev, 'AWS::RDS::DBInstance')).toMatchObject({
      MultiAZ: false,
      DeletionProtection: false,
      BackupRetentionPeriod: 1,
      DBInstanceClass: 'db.t4g.micro',
    });
    expect(props(prod, 'AWS::RDS::DBInstance')).toMatchObject({
      MultiAZ: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 30,
      DBInstanceClass: 'db.m7g.large',
    });
    expect(onlyResource(dev.template, 'AWS::RDS::DBInstance').resource.DeletionPolicy).toBe('Delete');
    expect(onlyResource(prod.template, 'AWS::RDS::DBInstance').resource.DeletionPolicy).toBe('Snapshot');
  });

  test('Redis: one node in DEV; primary + 2 replicas with automatic failover across AZs in PROD', () => {
    expect(props(dev, 'AWS::ElastiCache::ReplicationGroup')).toMatchObject({
      NumCacheClusters: 1,
      AutomaticFailoverEnabled: false,
      MultiAZEnabled: false,
      CacheNodeType: 'cache.t4g.micro',
    });
    expect(props(prod, 'AWS::ElastiCache::ReplicationGroup')).toMatchObject({
      NumCacheClusters: 3,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      CacheNodeType: 'cache.m7g.large',
    });
  });

  test('Redis mode: PROD keeps cluster mode disabled (one shard) and gives both containers the hash-tagged prefix', () => {
    expect(prod.config.cache.clusterMode).toBe('disabled');
    const group = props(prod, 'AWS::ElastiCache::ReplicationGroup');
    // One node group addressed through its primary endpoint: no shards, no configuration endpoint.
    expect(group.NumNodeGroups).toBeUndefined();
    expect(group.ClusterMode ?? 'disabled').toBe('disabled');
    expect(props(prod, 'AWS::ElastiCache::ParameterGroup').Properties['cluster-enabled']).toBeUndefined();
    const c = containers(prod.template);
    expect(envOf(c.api).QUEUE_PREFIX).toBe('{hs}');
    expect(envOf(c.worker).QUEUE_PREFIX).toBe('{hs}');
    expect(envOf(c.api).REDIS_URL).toEqual({
      'Fn::Join': [
        '',
        [
          'rediss://',
          expect.objectContaining({ 'Fn::GetAtt': [expect.any(String), 'PrimaryEndPoint.Address'] }),
          ':',
          expect.anything(),
        ],
      ],
    });
    // ...the same prefix the apps default to, so a process started without it shares the queue.
    const appDefault = fs.readFileSync(path.join(REPO_ROOT, 'libs', 'config', 'src', 'queue-prefix.ts'), 'utf8');
    expect(appDefault).toContain(`export const DEFAULT_QUEUE_PREFIX = '${prod.config.cache.queuePrefix}';`);
  });

  test('service: task size, desired/min/max count, queue-depth scaling only in PROD', () => {
    expect(serviceTaskDefinition(dev.template).props).toMatchObject({ Cpu: '512', Memory: '1024' });
    expect(serviceTaskDefinition(prod.template).props).toMatchObject({ Cpu: '2048', Memory: '4096' });
    expect(props(dev, 'AWS::ECS::Service').DesiredCount).toBe(1);
    expect(props(prod, 'AWS::ECS::Service').DesiredCount).toBe(3);
    expect(props(dev, 'AWS::ApplicationAutoScaling::ScalableTarget')).toMatchObject({ MinCapacity: 1, MaxCapacity: 2 });
    expect(props(prod, 'AWS::ApplicationAutoScaling::ScalableTarget')).toMatchObject({ MinCapacity: 3, MaxCapacity: 12 });
    const stepPolicies = (s: Synthesized) =>
      Object.keys(
        s.template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy', { Properties: { PolicyType: 'StepScaling' } }),
      ).length;
    expect(stepPolicies(dev)).toBe(0);
    expect(stepPolicies(prod)).toBe(2);
  });

  test('network: one NAT gateway in DEV, one per AZ (3) in PROD', () => {
    dev.template.resourceCountIs('AWS::EC2::NatGateway', 1);
    prod.template.resourceCountIs('AWS::EC2::NatGateway', 3);
    dev.template.resourceCountIs('AWS::EC2::Subnet', 6);
    prod.template.resourceCountIs('AWS::EC2::Subnet', 9);
  });

  test('logs, ALB and stack protection', () => {
    const retention = (s: Synthesized) =>
      (Object.values(s.template.findResources('AWS::Logs::LogGroup')) as any[]).map((g) => g.Properties.RetentionInDays);
    expect(new Set(retention(dev))).toEqual(new Set([7]));
    expect(new Set(retention(prod))).toEqual(new Set([365]));
    const albProtection = (s: Synthesized) =>
      props(s, 'AWS::ElasticLoadBalancingV2::LoadBalancer').LoadBalancerAttributes.find(
        (a: any) => a.Key === 'deletion_protection.enabled',
      ).Value;
    expect(albProtection(dev)).toBe('false');
    expect(albProtection(prod)).toBe('true');
    expect(dev.stack.terminationProtection).toBe(false);
    expect(prod.stack.terminationProtection).toBe(true);
  });

  test('auth: DEV signs with a generated HS256 secret, PROD verifies against JWKS', () => {
    expect(Object.keys(secretsOf(containers(dev.template).api))).toContain('JWT_SECRET');
    expect(envOf(containers(prod.template).api).JWT_JWKS_URL).toBe('https://auth.healthsync.example.com/.well-known/jwks.json');
    expect(Object.keys(secretsOf(containers(prod.template).api))).not.toContain('JWT_SECRET');
  });

  test('alarm thresholds and domains differ per environment', () => {
    const queueAlarm = (s: Synthesized) =>
      (
        Object.values(
          s.template.findResources('AWS::CloudWatch::Alarm', {
            Properties: { AlarmName: `healthsync-${s.config.name}-queue-depth` },
          }),
        ) as any[]
      )[0].Properties.Threshold;
    expect(queueAlarm(dev)).toBe(1000);
    expect(queueAlarm(prod)).toBe(5000);
    dev.template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'api.dev.healthsync.example.com' });
    prod.template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'api.healthsync.example.com' });
  });
});

/**
 * docker/docker-compose.yml feeds the containers from docker/env/*.env. They
 * must carry the same variable names as the ECS task (DEV flavour, which also
 * uses JWT_SECRET), so what runs locally is configured like what runs in AWS.
 */
describe('docker compose env files match the ECS task definition', () => {
  const readEnvFile = (file: string) =>
    fs
      .readFileSync(path.join(REPO_ROOT, 'docker', 'env', file), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.slice(0, line.indexOf('=')));
  const common = readEnvFile('common.env');
  let c: ReturnType<typeof containers>;
  beforeAll(() => {
    c = containers(synth('dev').template);
  });
  const namesOf = (container: ReturnType<typeof containers>[string]) =>
    [...Object.keys(envOf(container)), ...Object.keys(secretsOf(container))].sort();

  test('api', () => {
    expect([...common, ...readEnvFile('api.env')].sort()).toEqual(namesOf(c.api));
  });

  test('worker', () => {
    expect([...common, ...readEnvFile('worker.env')].sort()).toEqual(namesOf(c.worker));
  });

  test('compose runs Redis with noeviction, like the ElastiCache parameter group', () => {
    const compose = fs.readFileSync(path.join(REPO_ROOT, 'docker', 'docker-compose.yml'), 'utf8');
    expect(compose).toMatch(/- --maxmemory-policy\s*\n\s*- noeviction/);
    // ...and the worker's grace period outlasts its drain deadline, like ECS stopTimeout.
    expect(compose).toMatch(/worker:[\s\S]*?stop_grace_period: 40s/);
    expect(environments.dev.service.workerStopTimeoutSeconds).toBe(40);
  });
});

describe('synth needs nothing but the config', () => {
  test('no context lookups are requested (so no AWS credentials are needed)', () => {
    const app = new App({ context: cdkJsonContext() });
    new HealthSyncStack(app, 'Lookups', { config: environments.uat, imageTag: 'abc' });
    // Missing context = lookups the CLI would have to make with credentials.
    expect(app.synth().manifest.missing ?? []).toEqual([]);
  });
});
