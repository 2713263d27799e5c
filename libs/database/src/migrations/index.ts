import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { ReadPath1765000000000 } from './1765000000000-read-path';
import { ChunkJobUuid1765100000000 } from './1765100000000-chunk-job-uuid';
import { HealthDataErasure1765200000000 } from './1765200000000-health-data-erasure';
import { RowShape1765300000000 } from './1765300000000-row-shape';
import { SamplePartitions1765400000000 } from './1765400000000-sample-partitions';
import { HealthRowsWithoutForeignKeys1765500000000 } from './1765500000000-health-rows-without-foreign-keys';
import { SyncOrder1765600000000 } from './1765600000000-sync-order';
import { SampleKinds1765700000000 } from './1765700000000-sample-kinds';
import { UserProfile1765710000000 } from './1765710000000-user-profile';
import { RollupRebuildRequests1765720000000 } from './1765720000000-rollup-rebuild-requests';
import { LedgerUserRef1765800000000 } from './1765800000000-ledger-user-ref';
import { UserRef1765810000000 } from './1765810000000-user-ref';
import { LedgerPayloadLz41765900000000 } from './1765900000000-ledger-payload-lz4';

/** Every migration, in order. Listed explicitly so the built app needs no glob over dist/. */
export const MIGRATIONS = [
  InitialSchema1764000000000,
  ReadPath1765000000000,
  ChunkJobUuid1765100000000,
  HealthDataErasure1765200000000,
  RowShape1765300000000,
  SamplePartitions1765400000000,
  HealthRowsWithoutForeignKeys1765500000000,
  SyncOrder1765600000000,
  SampleKinds1765700000000,
  UserProfile1765710000000,
  RollupRebuildRequests1765720000000,
  LedgerUserRef1765800000000,
  UserRef1765810000000,
  LedgerPayloadLz41765900000000,
];
