import { statement } from './statement';

describe('statement registry', () => {
  it('refuses a name PostgreSQL could not keep whole as a prepared-statement name (63 bytes)', () => {
    const longest = `spec/${'a'.repeat(58)}`;
    expect(statement(longest, 'SELECT 1')).toBe('SELECT 1');
    expect(() => statement(`${longest}b`, 'SELECT 2')).toThrow(/longer than PostgreSQL's 63 bytes/);
  });
});
