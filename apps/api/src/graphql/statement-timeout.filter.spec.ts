import { QueryFailedError } from 'typeorm';
import { StatementTimeoutFilter } from './statement-timeout.filter';

const failed = (code: string) => new QueryFailedError('SELECT 1', [], Object.assign(new Error('failed'), { code }));

describe('StatementTimeoutFilter', () => {
  it('answers a statement cancelled by statement_timeout with SERVICE_UNAVAILABLE / STATEMENT_TIMEOUT', () => {
    const answer = new StatementTimeoutFilter().catch(failed('57014'));
    expect(answer?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', reason: 'STATEMENT_TIMEOUT', retryable: true });
  });

  it("leaves every other database error to Nest's default handler (undefined: not handled)", () => {
    for (const code of ['23505', '22021', '08006', '40P01'])
      expect(new StatementTimeoutFilter().catch(failed(code))).toBeUndefined();
  });
});
