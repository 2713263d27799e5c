import { recordUuid } from './record-uuid';

describe('recordUuid', () => {
  it('keeps a canonical UUID, lower-cased, so iOS and deletions match whatever the case', () => {
    expect(recordUuid('5C1A2E8F-3B7D-4F2A-9E1C-7D8B6A5F4E3D')).toBe('5c1a2e8f-3b7d-4f2a-9e1c-7d8b6a5f4e3d');
  });

  it('turns any other id into a stable version-8 uuid', () => {
    // sha256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 …; version nibble 8, variant bits 10.
    expect(recordUuid('abc')).toBe('ba7816bf-8f01-8fea-8141-40de5dae2223');
    expect(recordUuid('hc-1|STEPS|2025-01-01T00:00:00.000Z')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(recordUuid('hc-1|STEPS|2025-01-01T00:00:00.000Z')).not.toBe(recordUuid('hc-1|STEPS|2025-01-01T00:01:00.000Z'));
  });
});
