import { isStalled } from './worker-running.health';

describe('isStalled', () => {
  const limit = 300_000;
  const now = 10_000_000;

  it('is never stalled with nothing waiting, however long it has been idle', () => {
    expect(isStalled(0, 0, now, limit)).toBe(false);
  });

  it('allows a job its whole time limit plus a minute before calling it stalled', () => {
    expect(isStalled(5, now - limit - 59_000, now, limit)).toBe(false);
    expect(isStalled(5, now - limit - 61_000, now, limit)).toBe(true);
  });
});
