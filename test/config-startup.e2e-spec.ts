import { ENTRY, runToExit } from './support/processes';
import { appEnv } from './support/test-env';

jest.setTimeout(60_000);

/** A bad deploy must fail at once, before connecting anywhere, naming every bad variable. */
describe('start-up config validation (built processes)', () => {
  const base = appEnv('e2e-config');
  const without = (env: Record<string, string>, ...names: string[]) =>
    Object.fromEntries(Object.entries(env).filter(([k]) => !names.includes(k)));

  it('API: a missing DATABASE_URL and JWT secret stop it with both named', async () => {
    const result = await runToExit(ENTRY.api, without(base, 'DATABASE_URL', 'JWT_SECRET'));
    expect(result.code).toBe(78);
    expect(result.output).toContain('DATABASE_URL is required');
    expect(result.output).toContain('JWT_SECRET set JWT_SECRET or JWT_JWKS_URL');
  });

  it('worker: a missing REDIS_URL and a bad WORKER_CONCURRENCY stop it with both named', async () => {
    const result = await runToExit(ENTRY.worker, { ...without(base, 'REDIS_URL'), WORKER_CONCURRENCY: 'many' });
    expect(result.code).toBe(78);
    expect(result.output).toContain('REDIS_URL is required');
    expect(result.output).toContain('WORKER_CONCURRENCY must be a whole number');
  });

  it('migrate: a DATABASE_URL that is not a PostgreSQL URL is refused', async () => {
    const result = await runToExit(ENTRY.migrate, { ...base, DATABASE_URL: 'mysql://root@localhost/db' });
    expect(result.code).toBe(78);
    expect(result.output).toContain('DATABASE_URL must be a URL starting with postgres://');
  });

  it('refuses before connecting: an unreachable database is never tried when config is bad', async () => {
    const started = Date.now();
    const result = await runToExit(ENTRY.api, { ...base, DATABASE_URL: 'postgres://postgres@10.255.255.1:5432/x', PORT: '0' });
    expect(result.code).toBe(78);
    expect(result.output).toContain('PORT must be between 1 and 65535');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
