import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { EnvironmentConfig } from './types';

/**
 * PROD: Multi-AZ everywhere (database, Redis with two replicas, one NAT per
 * AZ), deletion protection, long retention, and scaling on both CPU and queue
 * depth. validateConfig() refuses a PROD config that drops any of these.
 */
export const prod: EnvironmentConfig = {
  name: 'prod',
  account: '123456789012',
  region: 'eu-west-1',
  azCount: 3,
  deletionProtection: true,
  network: { vpcCidr: '10.30.0.0/16', natGateways: 3 },
  domain: {
    hostedZoneId: 'Z0PRODHEALTHSYNC0000',
    zoneName: 'healthsync.example.com',
    apiHostName: 'api.healthsync.example.com',
  },
  images: { apiRepositoryName: 'health-sync/api', workerRepositoryName: 'health-sync/worker' },
  auth: {
    kind: 'jwks',
    jwksUrl: 'https://auth.healthsync.example.com/.well-known/jwks.json',
    issuer: 'https://auth.healthsync.example.com/',
    audience: 'health-sync-api',
    adminAudience: 'health-sync-api-queue-admin',
  },
  service: {
    cpu: 2048,
    memoryMiB: 4096,
    desiredCount: 3,
    minCount: 3,
    maxCount: 12,
    cpuTargetPercent: 60,
    queueDepthScaling: { scaleOutAbove: 1_000, scaleInBelow: 100 },
    logLevel: 'info',
    workerConcurrency: 16,
    workerShutdownTimeoutMs: 25_000,
    workerStopTimeoutSeconds: 40,
  },
  cache: {
    // Cluster mode disabled. All of BullMQ's keys for the one sync queue share a hash slot (they
    // must: its Lua scripts touch many keys at once), so a cluster-mode group would put the whole
    // queue on one shard anyway and add only a configuration endpoint, a cluster client and
    // resharding to operate. A queue entry is one chunk (a few hundred KiB at most) and lives seconds; PROD scales
    // up (node type) before it needs more than one shard. The prefix is hash-tagged all the same,
    // so moving to cluster mode, or one queue per shard, needs no key migration (docs/scale.md).
    clusterMode: 'disabled',
    queuePrefix: '{hs}',
    nodeType: 'cache.m7g.large',
    replicas: 2,
    automaticFailover: true,
    multiAz: true,
    snapshotRetentionDays: 7,
  },
  database: {
    instanceType: 'm7g.large',
    multiAz: true,
    allocatedStorageGiB: 100,
    maxAllocatedStorageGiB: 1_000,
    backupRetentionDays: 30,
  },
  logs: { retention: RetentionDays.ONE_YEAR },
  alarms: {
    queueDepthThreshold: 5_000,
    failedJobsPer5Minutes: 20,
    http5xxPer5Minutes: 20,
    emails: ['oncall@healthsync.example.com'],
  },
};
