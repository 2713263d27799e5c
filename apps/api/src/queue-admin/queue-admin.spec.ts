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
    // An older version's job (the whole chunk): the same reference fields, nothing else.
    expect(adminJobView(waiting)).toEqual({
      chunkId: '7',
      dataType: 'HEART_RATE',
      chunkIndex: 2,
      revision: 0,
      isFinal: true,
      payload: 'in the ledger',
    });
    expect(JSON.stringify(adminJobView(waiting))).not.toMatch(/subject-123|anchor|value/);
    // Today's job: the reference only.
    expect(adminJobView({ chunkId: '7', jobUuid: 'u', revision: 1, dataType: 'STEPS', chunkIndex: 0 })).toEqual({
      chunkId: '7',
      dataType: 'STEPS',
      chunkIndex: 0,
      revision: 1,
      payload: 'in the ledger',
    });
    expect(adminJobView(undefined)).toEqual({ payload: 'in the ledger' });
  });
});
