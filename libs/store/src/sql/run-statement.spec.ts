import '../all-statements';
import { registeredStatements } from './statement';

// runStatement prepares each statement under its registered name, and PostgreSQL keeps 63 bytes of a
// name (NAMEDATALEN): a longer one would fail at its first call in production, so it fails here first.
describe('statement names as prepared-statement names', () => {
  it.each([...registeredStatements().keys()])('%s fits in 63 bytes', (name) => {
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
  });
});
