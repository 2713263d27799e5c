import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { EnvironmentConfig } from './types';

/**
 * DEV: smallest footprint that still has the production shape (sidecar task,
 * TLS Redis with AUTH, encrypted RDS in isolated subnets). Single-AZ data
 * stores and no deletion protection: DEV can be torn down and rebuilt.
 */
export const dev: EnvironmentConfig = {
  name: 'dev',
  // Placeholder account: synth needs an explicit one, SREs put the real id here.
  account: '123456789012',
  region: 'eu-west-1',
  azCount: 2,
  deletionProtection: false,
  network: { vpcCidr: '10.10.0.0/16', natGateways: 1 },
  domain: {
    hostedZoneId: 'Z0DEVHEALTHSYNC00000',
    zoneName: 'dev.healthsync.example.com',
    apiHostName: 'api.dev.healthsync.example.com',
  },
  images: { apiRepositoryName: 'health-sync/api', workerRepositoryName: 'health-sync/worker' },
  // Testers mint their own HS256 tokens; the secret lives in Secrets Manager.
  auth: { kind: 'sharedSecret' },
  service: {
    cpu: 512,
    memoryMiB: 1024,
    desiredCount: 1,
    minCount: 1,
    maxCount: 2,
    cpuTargetPercent: 70,
    logLevel: 'debug',
    workerConcurrency: 16,
    workerShutdownTimeoutMs: 25_000,
    workerStopTimeoutSeconds: 40,
  },
  cache: {
    // Cluster mode disabled: one small node is all DEV needs.
    clusterMode: 'disabled',
    queuePrefix: '{hs}',
    nodeType: 'cache.t4g.micro',
    replicas: 0,
    automaticFailover: false,
    multiAz: false,
    snapshotRetentionDays: 1,
  },
  database: {
    instanceType: 't4g.micro',
    multiAz: false,
    allocatedStorageGiB: 20,
    maxAllocatedStorageGiB: 50,
    backupRetentionDays: 1,
  },
  logs: { retention: RetentionDays.ONE_WEEK },
  alarms: { queueDepthThreshold: 1_000, failedJobsPer5Minutes: 50, http5xxPer5Minutes: 50, emails: [] },
};
