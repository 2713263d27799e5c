import { chunkJobRef, storeChunkJobData, StoreChunkJobData } from './store-chunk.job';

describe('a job carries the ledger reference only', () => {
  const ref: StoreChunkJobData = {
    chunkId: '12',
    jobUuid: '5f0c0b1e-0000-4000-8000-000000000001',
    revision: 1,
    dataType: 'HEART_RATE',
    chunkIndex: 3,
  };
  // What an older API queued: the whole chunk with its user, sync and anchor.
  const oldFullJob = {
    ...ref,
    userId: 'subject-of-the-user',
    syncKey: 'a'.repeat(64),
    anchorToken: 'anchor-token',
    isFinal: false,
    rows: { sources: [], contexts: [], types: ['HEART_RATE'], tables: { sample: '[{"value":72}]' }, rowCounts: { sample: 1 } },
    deletedUuids: ['uuid-of-a-deleted-sample'],
  };

  it('storeChunkJobData keeps the reference fields, whatever it is handed', () => {
    const job = storeChunkJobData(oldFullJob);
    expect(job).toEqual(ref);
    expect(JSON.stringify(job)).not.toMatch(/subject-of-the-user|anchor-token|value|uuid-of-a-deleted|aaaa/);
  });

  it('reads the reference of a job of any version: today, an old full job, an old spent marker', () => {
    expect(chunkJobRef(ref)).toEqual(ref);
    expect(chunkJobRef(oldFullJob)).toEqual(ref);
    expect(chunkJobRef({ ...ref, payloadDropped: true })).toEqual(ref);
  });

  it('a job that names no ledger row has no reference', () => {
    expect(chunkJobRef(undefined)).toBeNull();
    expect(chunkJobRef({ nonsense: true })).toBeNull();
    expect(chunkJobRef({ ...ref, jobUuid: 'not-a-uuid' })).toBeNull();
    expect(chunkJobRef({ ...ref, chunkId: '12; DROP' })).toBeNull();
    expect(chunkJobRef({ ...ref, revision: '1' })).toBeNull();
  });
});
