import type { IORedisInstrumentationConfig } from '@opentelemetry/instrumentation-ioredis';
import { redisStatement } from './telemetry';

describe('redisStatement', () => {
  it('names the command and none of its arguments (a job add carries the whole chunk)', () => {
    const serialize: NonNullable<IORedisInstrumentationConfig['dbStatementSerializer']> = redisStatement;
    expect(serialize('evalsha', ['0123abcd', 8, 'bull:health-sync:wait', '{"rows":{"value":72}}'])).toBe('evalsha');
  });
});
