import { appEnv } from '../support/test-env';

/**
 * The in-process API the fuzzers drive: quiet, and without per-user rate limits, since a fuzzer
 * sends thousands of calls a minute as one user (the limits have a test of their own).
 */
export function fuzzEnv(queuePrefix: string): Record<string, string> {
  return { ...appEnv(queuePrefix), LOG_LEVEL: 'silent', RATE_LIMIT_SYNC: '0', RATE_LIMIT_READS: '0' };
}
