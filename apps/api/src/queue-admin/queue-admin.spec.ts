import { adminJobView } from './queue-admin';

describe('adminJobView', () => {
  it('shows which ledger row a job is for, never its rows or its user', () => {
    const waiting = {
      chunkId: '7',
      jobUuid: 'u',
      userId: 'subject-123',
      dataType: 'HEART_RATE',
      chunkIndex: 2,
      revision: 0,
      isFinal: true,
      syncKey: 'k',
      anchorToken: 'anchor',
      rows: { sources: [], contexts: [], types: ['HEART_RATE'], tables: { sample: '[{"value":71}]' }, rowCounts: {} },
      deletedUuids: [],
    };
    expect(adminJobView(waiting)).toEqual({
      chunkId: '7',
      dataType: 'HEART_RATE',
      chunkIndex: 2,
      revision: 0,
      isFinal: true,
      payload: 'hidden (health data)',
    });
    expect(adminJobView({ chunkId: '7', revision: 1, payloadDropped: true })).toEqual({
      chunkId: '7',
      revision: 1,
      payload: 'dropped (stored)',
    });
    expect(adminJobView(undefined)).toEqual({ payload: 'hidden (health data)' });
  });
});
