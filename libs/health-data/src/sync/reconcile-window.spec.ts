import { canonicalReconcile, sameReconcile } from './reconcile-window';

describe('reconcile windows', () => {
  const from = new Date('2025-09-01T00:00:00+02:00');
  const to = new Date('2025-10-01T00:00:00+02:00');

  it('spells a window one way: UTC instants, types sorted without repeats', () => {
    expect(canonicalReconcile(from, to, ['STEPS', 'HEART_RATE', 'STEPS'])).toEqual({
      from: '2025-08-31T22:00:00.000Z',
      to: '2025-09-30T22:00:00.000Z',
      types: ['HEART_RATE', 'STEPS'],
    });
  });

  it('takes two spellings of one window as the same, and any difference as another', () => {
    const a = canonicalReconcile(from, to, ['STEPS', 'HEART_RATE']);
    expect(sameReconcile(a, canonicalReconcile(new Date('2025-08-31T22:00:00Z'), to, ['HEART_RATE', 'STEPS', 'STEPS']))).toBe(
      true,
    );
    expect(sameReconcile(a, canonicalReconcile(from, new Date(to.getTime() + 1), ['HEART_RATE', 'STEPS']))).toBe(false);
    expect(sameReconcile(a, canonicalReconcile(from, to, ['STEPS']))).toBe(false);
    expect(sameReconcile(a, canonicalReconcile(from, to, ['HEART_RATE', 'STEPS', 'SLEEP_REM']))).toBe(false);
    expect(sameReconcile(a, null)).toBe(false);
    expect(sameReconcile(null, a)).toBe(false);
    expect(sameReconcile(null, null)).toBe(true);
  });
});
