/**
 * What the infrastructure relies on from the application (apps/, docker/).
 * Kept in one place so a rename shows up as one diff, and so the tests can pin
 * the task definition to these values. Names match /work/shared CONTRACT.md.
 */

/** Where the image puts the probe script (docker/Dockerfile copies docker/healthcheck.js here). */
export const HEALTHCHECK_SCRIPT = '/app/docker/healthcheck.js';

/**
 * `npm run migrate` as the API image runs it (WORKDIR /app): applies pending migrations under the
 * advisory lock and exits 0, or exits non-zero. The migrate task runs this instead of the API.
 */
export const MIGRATE_COMMAND = ['node', 'dist/apps/api/src/migrate.js'];

export const API_PORT = 3000;
export const WORKER_HEALTH_PORT = 3001;
/**
 * The API's read-only queue admin (bull-board): its own listener on the container's loopback, never
 * mapped, never a load-balancer target; an operator reaches it through ECS Exec port forwarding.
 */
export const ADMIN_PORT = 3100;
export const ADMIN_HOST = '127.0.0.1';
/** The admin-token audience where tokens are minted with the shared secret (DEV). */
export const SHARED_SECRET_ADMIN_AUDIENCE = 'health-sync-queue-admin';

export const HEALTH_LIVE_PATH = '/health/live';
export const HEALTH_READY_PATH = '/health/ready';

/** The probe as an argv, for Docker HEALTHCHECK / ECS healthCheck (exec form: no shell, no curl). */
export function healthcheckCommand(port: number, path: string): string[] {
  return ['node', HEALTHCHECK_SCRIPT, `http://127.0.0.1:${port}${path}`];
}

/**
 * CloudWatch Embedded Metric Format lines the worker prints every 60 s.
 * CloudWatch Logs turns them into metrics on its own (no PutMetricData
 * permission, no agent); the dimension value is METRICS_ENVIRONMENT.
 */
export const METRICS_NAMESPACE = 'HealthSync';
export const METRICS_DIMENSION = 'Environment';
export const METRIC_QUEUE_DEPTH = 'QueueDepth';
export const METRIC_FAILED_JOBS = 'FailedJobs';
export const METRIC_OLDEST_JOB_AGE = 'OldestJobAgeSeconds';
/** Per worker, per interval (read with Sum / Average / Maximum). */
export const METRIC_SAMPLES_STORED = 'SamplesStored';
export const METRIC_JOBS_COMPLETED = 'JobsCompleted';
export const METRIC_JOB_DURATION_AVG = 'JobDurationAvg';
export const METRIC_JOB_DURATION_MAX = 'JobDurationMax';
/** The API's EMF lines, one per GraphQL operation (root fields), dimensions Environment + Operation. */
export const METRICS_OPERATION_DIMENSION = 'Operation';
export const METRIC_API_REQUESTS = 'Requests';
export const METRIC_API_SERVER_ERRORS = 'ServerErrors';
export const METRIC_API_LATENCY_AVG = 'LatencyAvg';
/** The operations the dashboard charts one by one (the sync upload and the read queries). */
export const DASHBOARD_OPERATIONS = [
  'syncHealthKitSamples',
  'syncProgress',
  'dailySummary',
  'aggregates',
  'sleepSessions',
  'samples',
  'workouts',
  'syncStates',
];

/** Application database and its owner (the RDS master user; the app runs its own migrations). */
export const DATABASE_NAME = 'healthsync';
export const DATABASE_USERNAME = 'healthsync';
