import { Column, CreateDateColumn, Entity, Generated, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * The chunk ledger: one row per received chunk. The anchor of a sync moves only when
 * the final chunk and every earlier one are `stored` here.
 */
@Entity('sync_chunk')
// syncKey (sha256 of the anchor) stands in for the anchor, which can be 8 KiB: too long for a btree key.
@Index('uq_sync_chunk_sync_index', ['userRef', 'dataType', 'syncKey', 'chunkIndex'], { unique: true })
@Index('ix_sync_chunk_status_updated', ['status', 'updatedAt'])
export class SyncChunkEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** The user's app_user id (AppUserEntity); made by the user's first chunk. */
  @Column('integer')
  userRef: number;

  @Column('text')
  dataType: string;

  @Column('text')
  syncKey: string;

  @Column('text')
  anchorToken: string;

  @Column('integer')
  chunkIndex: number;

  @Column('boolean')
  isFinal: boolean;

  /** ChunkStatus (libs/store/src/ledger/chunk-status.ts; the database library may not import the store). */
  @Column('text')
  status: string;

  /** sha256 of what the chunk carried: tells a retried request from new content under the same index. */
  @Column('text')
  contentHash: string;

  /**
   * Goes up whenever the chunk's content changes. The job id carries it, so new content (or old
   * content coming back) always gets a job of its own, while a retried request maps to the same job.
   */
  @Column('integer')
  revision: number;

  /**
   * Names this chunk's queue jobs (with the revision). Random, not the row id: ids from a sequence
   * start again after a database restore or reset, and Redis may still hold completed jobs under
   * those ids, so new chunks would be silently ignored by BullMQ and stay queued forever.
   */
  @Column('uuid')
  @Generated('uuid')
  jobUuid: string;

  /**
   * The chunk's payload (validated rows + deletions), kept until the chunk is stored: the job carries
   * only this row's reference and the worker reads the rows from here, so the worker's sweep can
   * enqueue a lost job again (failover, flush, restore) with nothing from Redis. Cleared when stored
   * (a failed chunk keeps it for `npm run chunks -- retry` until retention); a chunk without one waits
   * for the phone to send it again. Compressed with lz4 (LedgerPayloadLz41765900000000; TypeORM
   * cannot declare a column's compression).
   */
  @Column('text', { nullable: true })
  pendingPayload: string | null;

  @Column('integer')
  itemCount: number;

  @Column('integer')
  acceptedCount: number;

  @Column('integer')
  rejectedCount: number;

  @Column('integer')
  deletedCount: number;

  @Column('text', { nullable: true })
  error: string | null;

  /** A reconciling sync's chunks: the data types of their accepted items (a type never sent is not reconciled). */
  @Column('text', { array: true, nullable: true })
  acceptedTypes: string[] | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  storedAt: Date | null;
}
