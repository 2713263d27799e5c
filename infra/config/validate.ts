import type { EnvironmentConfig } from './types';

/**
 * Fargate accepts only these cpu → memory combinations (MiB). A wrong pair
 * is otherwise only rejected by ECS in the middle of a deployment.
 */
const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** ECS refuses stopTimeout above 120 s on Fargate. */
export const FARGATE_MAX_STOP_TIMEOUT_SECONDS = 120;
/** Slack between the worker's own drain deadline and ECS's SIGKILL, for Nest's shutdown hooks and the process exit. */
export const STOP_TIMEOUT_MARGIN_SECONDS = 5;

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}

/**
 * Returns every problem with the config (empty = valid), so one synth shows
 * them all instead of the first. Rules are the ones CloudFormation / ECS /
 * ElastiCache would reject late, plus our own policy for PROD.
 */
export function validateConfig(c: EnvironmentConfig): string[] {
  const errors: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) errors.push(message);
  };

  check(/^\d{12}$/.test(c.account), `account must be 12 digits, got "${c.account}"`);
  check(/^[a-z]{2}(-[a-z]+)+-\d$/.test(c.region), `region "${c.region}" is not a region name`);
  // RDS subnet groups and ALBs need subnets in at least two AZs.
  check(c.azCount === 2 || c.azCount === 3, `azCount must be 2 or 3, got ${c.azCount}`);
  check(
    Number.isInteger(c.network.natGateways) && c.network.natGateways >= 1 && c.network.natGateways <= c.azCount,
    `network.natGateways must be 1..${c.azCount} (tasks run in private subnets and need egress)`,
  );
  check(
    /^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-2])$/.test(c.network.vpcCidr),
    `network.vpcCidr "${c.network.vpcCidr}" must be an IPv4 CIDR between /16 and /22`,
  );

  check(
    c.domain.apiHostName === c.domain.zoneName || c.domain.apiHostName.endsWith(`.${c.domain.zoneName}`),
    `domain.apiHostName "${c.domain.apiHostName}" is not inside zone "${c.domain.zoneName}"`,
  );
  check(
    /^Z[A-Z0-9]{5,31}$/.test(c.domain.hostedZoneId),
    `domain.hostedZoneId "${c.domain.hostedZoneId}" is not a Route 53 zone id`,
  );

  if (c.auth.kind === 'jwks') {
    check(c.auth.jwksUrl.startsWith('https://'), 'auth.jwksUrl must be https');
    check(c.auth.issuer.length > 0 && c.auth.audience.length > 0, 'auth.issuer and auth.audience are required with jwks');
    check(
      c.auth.adminAudience.length > 0 && c.auth.adminAudience !== c.auth.audience,
      'auth.adminAudience must be set and differ from auth.audience',
    );
  }

  const s = c.service;
  const memories = FARGATE_MEMORY_BY_CPU[s.cpu];
  check(memories !== undefined, `service.cpu ${s.cpu} is not a Fargate size (${Object.keys(FARGATE_MEMORY_BY_CPU).join(', ')})`);
  if (memories) {
    check(
      memories.includes(s.memoryMiB),
      `service.memoryMiB ${s.memoryMiB} is not valid with cpu ${s.cpu} (${memories[0]}..${memories[memories.length - 1]})`,
    );
  }
  check(Number.isInteger(s.minCount) && s.minCount >= 1, 'service.minCount must be an integer >= 1');
  check(
    s.minCount <= s.desiredCount && s.desiredCount <= s.maxCount,
    `service counts must satisfy min <= desired <= max (${s.minCount}/${s.desiredCount}/${s.maxCount})`,
  );
  check(s.cpuTargetPercent >= 10 && s.cpuTargetPercent <= 90, 'service.cpuTargetPercent must be 10..90');
  if (s.queueDepthScaling) {
    const q = s.queueDepthScaling;
    check(
      q.scaleInBelow >= 0 && q.scaleInBelow < q.scaleOutAbove,
      'service.queueDepthScaling needs 0 <= scaleInBelow < scaleOutAbove',
    );
  }
  check(Number.isInteger(s.workerConcurrency) && s.workerConcurrency >= 1, 'service.workerConcurrency must be an integer >= 1');
  check(s.workerShutdownTimeoutMs >= 1000, 'service.workerShutdownTimeoutMs must be >= 1000');
  check(
    s.workerStopTimeoutSeconds <= FARGATE_MAX_STOP_TIMEOUT_SECONDS,
    `service.workerStopTimeoutSeconds must be <= ${FARGATE_MAX_STOP_TIMEOUT_SECONDS} (Fargate limit)`,
  );
  check(
    s.workerStopTimeoutSeconds * 1000 >= s.workerShutdownTimeoutMs + STOP_TIMEOUT_MARGIN_SECONDS * 1000,
    `service.workerStopTimeoutSeconds (${s.workerStopTimeoutSeconds}) must exceed workerShutdownTimeoutMs (${s.workerShutdownTimeoutMs}) by ${STOP_TIMEOUT_MARGIN_SECONDS} s, or ECS kills jobs mid-drain`,
  );

  const k = c.cache;
  check(k.nodeType.startsWith('cache.'), `cache.nodeType "${k.nodeType}" must start with "cache."`);
  check(Number.isInteger(k.replicas) && k.replicas >= 0 && k.replicas <= 5, 'cache.replicas must be 0..5');
  // ElastiCache's own rules: failover needs a replica to promote, Multi-AZ needs failover.
  check(!k.automaticFailover || k.replicas >= 1, 'cache.automaticFailover needs replicas >= 1');
  check(!k.multiAz || k.automaticFailover, 'cache.multiAz needs automaticFailover');
  check(k.snapshotRetentionDays >= 0 && k.snapshotRetentionDays <= 35, 'cache.snapshotRetentionDays must be 0..35');
  // Same shape as the apps accept (libs/config/src/queue-prefix.ts): a name, bare or as one {hash tag}.
  const hashTagged = /^\{[A-Za-z0-9_-]+\}$/.test(k.queuePrefix);
  check(
    hashTagged || /^[A-Za-z0-9_-]+$/.test(k.queuePrefix),
    `cache.queuePrefix (QUEUE_PREFIX) "${k.queuePrefix}" must be letters, digits, _ and -, optionally as one {hash tag}`,
  );
  // Redis Cluster hashes only what is inside {…}: without a tag the queue's keys spread over
  // slots and BullMQ's multi-key scripts fail with CROSSSLOT.
  check(
    k.clusterMode === 'disabled' || hashTagged,
    `cache.queuePrefix (QUEUE_PREFIX) "${k.queuePrefix}" must be hash-tagged like {hs} with cluster mode enabled`,
  );
  check(
    k.clusterMode === 'disabled',
    'cache.clusterMode "enabled" is not supported yet: the apps connect with a single-endpoint Redis client (docs/scale.md#queue)',
  );

  const d = c.database;
  check(!d.instanceType.startsWith('db.'), `database.instanceType "${d.instanceType}" must not carry the "db." prefix`);
  check(d.allocatedStorageGiB >= 20, 'database.allocatedStorageGiB must be >= 20 (gp3 minimum)');
  check(d.maxAllocatedStorageGiB >= d.allocatedStorageGiB, 'database.maxAllocatedStorageGiB must be >= allocatedStorageGiB');
  // 0 would disable automated backups and point-in-time recovery altogether.
  check(d.backupRetentionDays >= 1 && d.backupRetentionDays <= 35, 'database.backupRetentionDays must be 1..35');

  const a = c.alarms;
  check(a.queueDepthThreshold > 0 && a.failedJobsPer5Minutes > 0 && a.http5xxPer5Minutes > 0, 'alarm thresholds must be > 0');
  check(
    a.emails.every((e) => /^[^@\s]+@[^@\s]+$/.test(e)),
    'alarms.emails must be e-mail addresses',
  );

  // Policy for PROD: what must never be "just data" there.
  if (c.name === 'prod') {
    check(c.deletionProtection, 'prod must have deletionProtection');
    check(d.multiAz, 'prod database must be Multi-AZ');
    check(k.multiAz && k.automaticFailover, 'prod cache must be Multi-AZ with automatic failover');
    check(c.auth.kind === 'jwks', 'prod must verify tokens with JWKS, not a shared secret');
    check(s.minCount >= 2, 'prod needs at least 2 tasks');
  }

  return errors;
}

export function assertValidConfig(c: EnvironmentConfig): EnvironmentConfig {
  const errors = validateConfig(c);
  if (errors.length > 0) {
    throw new Error(`Invalid ${c.name} config:\n  - ${errors.join('\n  - ')}`);
  }
  return c;
}
