import { describeDbError, isDatabaseUnavailable, isPermanentDbError, isTransientDbError } from './pg-errors';

/** A pg DatabaseError as the driver hands it over (TypeORM wraps it as driverError). */
function pgError(code: string, fields: Record<string, string> = {}) {
  return Object.assign(new Error(`message quoting a value "secret-value-123"`), { code, ...fields });
}

describe('PostgreSQL error classes', () => {
  it.each([
    ['08006', 'connection failure'],
    ['57P01', 'admin shutdown'],
    ['57P03', 'cannot connect now'],
    ['53300', 'too many connections'],
    ['25006', 'read-only transaction after a failover'],
    ['28P01', 'password rotated'],
  ])('%s (%s) is the database being unavailable, not the chunk', (code) => {
    expect(isDatabaseUnavailable(pgError(code))).toBe(true);
    expect(isPermanentDbError(pgError(code))).toBe(false);
  });

  it('connection failures without a SQLSTATE are unavailability', () => {
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('job time limit of 60000 ms exceeded'))).toBe(false);
  });

  it.each(['40P01', '40001', '57014', '55P03'])('%s is transient for the chunk: retried, counted, never poison', (code) => {
    expect(isTransientDbError(pgError(code))).toBe(true);
    expect(isDatabaseUnavailable(pgError(code))).toBe(false);
    expect(isPermanentDbError(pgError(code))).toBe(false);
  });

  it.each(['54000', '22001', '23505', '42P01', 'XX000', '22021'])('%s is permanent: the same input fails again', (code) => {
    expect(isPermanentDbError(pgError(code))).toBe(true);
    expect(isPermanentDbError({ driverError: pgError(code) })).toBe(true);
  });

  it('errors that are not from PostgreSQL are not permanent database errors', () => {
    expect(isPermanentDbError(new Error('boom'))).toBe(false);
    expect(isPermanentDbError(Object.assign(new Error('x'), { code: 'ERR_SOMETHING' }))).toBe(false);
  });

  it('describes an error by SQLSTATE, class and schema names, never by the message and its values', () => {
    const reason = describeDbError(pgError('54000', { table: 'healthkit_sample', constraint: 'uq_sample' }));
    expect(reason).toBe(
      'PostgreSQL error SQLSTATE 54000 (program limit exceeded) on table healthkit_sample, constraint uq_sample',
    );
    expect(describeDbError({ driverError: pgError('23505', { column: 'Robert"); DROP' }) })).toBe(
      'PostgreSQL error SQLSTATE 23505 (integrity constraint violation)',
    );
    expect(describeDbError(pgError('22021'))).not.toContain('secret-value');
  });
});
