import 'reflect-metadata';
import { loadConfigOrExit, WorkerConfig } from '@app/config';
import { startTelemetry } from '@app/telemetry';

/**
 * main.ts imports this first. A bad environment stops here, naming every bad variable, before
 * anything connects; then OpenTelemetry starts before pg and ioredis load so that their
 * instrumentations can patch them.
 */
export const config = loadConfigOrExit(() => WorkerConfig.fromEnv(process.env));
export const telemetry = startTelemetry('health-sync-worker', config.telemetry);
