import { isSpent, StoreChunkJobData, withoutPayload } from './store-chunk.job';

describe('a finished job keeps no health data and no user', () => {
  const job: StoreChunkJobData = {
    chunkId: '12',
    jobUuid: '5f0c0b1e-0000-4000-8000-000000000001',
    userId: 'subject-of-the-user',
    dataType: 'HEART_RATE',
    syncKey: 'a'.repeat(64),
    anchorToken: 'anchor-token',
    chunkIndex: 3,
    isFinal: false,
    revision: 1,
    rows: { sources: [], contexts: [], types: ['HEART_RATE'], tables: { sample: '[{"value":72}]' }, rowCounts: { sample: 1 } },
    deletedUuids: ['uuid-of-a-deleted-sample'],
  };

  it('withoutPayload keeps only the ledger reference', () => {
    const spent = withoutPayload(job);
    expect(spent).toEqual({
      chunkId: '12',
      jobUuid: job.jobUuid,
      revision: 1,
      dataType: 'HEART_RATE',
      chunkIndex: 3,
      payloadDropped: true,
    });
    expect(JSON.stringify(spent)).not.toMatch(/subject-of-the-user|anchor-token|value|uuid-of-a-deleted/);
    expect(isSpent(spent)).toBe(true);
    expect(isSpent(job)).toBe(false);
    expect(isSpent(undefined)).toBe(false);
  });

  it('a malformed job still becomes a bare marker', () => {
    expect(withoutPayload(undefined)).toEqual({ payloadDropped: true });
  });
});
