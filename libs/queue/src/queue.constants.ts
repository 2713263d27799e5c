/** The one queue both apps use; the API produces, only the worker consumes. */
export const SYNC_QUEUE = 'health-sync';

export enum SyncJobName {
  StoreChunk = 'store-chunk',
}
