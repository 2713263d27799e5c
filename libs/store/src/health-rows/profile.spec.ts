import type { EntityManager } from 'typeorm';
import { writeProfile } from './profile';

/** The statement's parameters, as PostgreSQL would receive them. */
function capture() {
  const calls: unknown[][] = [];
  const em = {
    query: async (_sql: string, params: unknown[]) => (calls.push(params), [{ inserted: true }]),
  } as unknown as EntityManager;
  return { em, calls };
}

describe('writeProfile', () => {
  it('sends, per field, the latest reading of the chunk, and nulls for fields it does not hold', async () => {
    const { em, calls } = capture();
    const counts = await writeProfile(em, 7, [
      { field: 'gender', value: 'male', recordedAt: '2025-09-10T07:00:00.000Z' },
      { field: 'gender', value: 'female', recordedAt: '2025-09-11T07:00:00.000Z' },
      { field: 'gender', value: 'other', recordedAt: '2025-09-09T07:00:00.000Z' },
      { field: 'bloodType', value: null, recordedAt: '2025-09-10T08:00:00.000Z' },
    ]);
    expect(calls).toEqual([[7, 'female', '2025-09-11T07:00:00.000Z', null, null, null, '2025-09-10T08:00:00.000Z']]);
    expect(counts).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
  });
});
