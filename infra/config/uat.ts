import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { EnvironmentConfig } from './types';

/**
 * UAT: production behaviour at reduced size. Redis fails over like PROD (so
 * failover can be rehearsed here), queue-depth scaling is on; the database is
 * single-AZ to halve its cost, and data is disposable (no deletion protection).
 */
export const uat: EnvironmentConfig = {
  name: 'uat',
  account: '123456789012',
  region: 'eu-west-1',
  azCount: 3,
  deletionProtection: false,
  network: { vpcCidr: '10.20.0.0/16', natGateways: 1 },
  domain: {
    hostedZoneId: 'Z0UATHEALTHSYNC00000',
    zoneName: 'uat.healthsync.example.com',
    apiHostName: 'api.uat.healthsync.example.com',
  },
  images: { apiRepositoryName: 'health-sync/api', workerRepositoryName: 'health-sync/worker' },
  auth: {
    kind: 'jwks',
    jwksUrl: 'https://auth.uat.healthsync.example.com/.well-known/jwks.json',
    issuer: 'https://auth.uat.healthsync.example.com/',
    audience: 'health-sync-api',
    adminAudience: 'health-sync-api-queue-admin',
  },
  service: {
    cpu: 1024,
    memoryMiB: 2048,
    desiredCount: 2,
    minCount: 2,
    maxCount: 4,
    cpuTargetPercent: 65,
    queueDepthScaling: { scaleOutAbove: 500, scaleInBelow: 50 },
    logLevel: 'info',
    workerConcurrency: 16,
    workerShutdownTimeoutMs: 25_000,
    workerStopTimeoutSeconds: 40,
  },
  cache: {
    // Cluster mode disabled, as in PROD (UAT rehearses PROD's failover).
    clusterMode: 'disabled',
    queuePrefix: '{hs}',
    nodeType: 'cache.t4g.small',
    replicas: 1,
    automaticFailover: true,
    multiAz: true,
    snapshotRetentionDays: 3,
  },
  database: {
    instanceType: 't4g.medium',
    multiAz: false,
    allocatedStorageGiB: 50,
    maxAllocatedStorageGiB: 200,
    backupRetentionDays: 7,
  },
  logs: { retention: RetentionDays.ONE_MONTH },
  alarms: { queueDepthThreshold: 2_000, failedJobsPer5Minutes: 25, http5xxPer5Minutes: 25, emails: [] },
};
