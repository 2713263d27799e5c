import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SyncChunkEntity } from './sync-chunk.entity';

/** An item that failed validation, kept as it came so that it can be inspected and replayed. */
@Entity('sync_rejected_item')
@Index('uq_sync_rejected_item_chunk_index', ['chunkId', 'itemIndex'], { unique: true })
@Index('ix_sync_rejected_item_user_created', ['userRef', 'createdAt'])
export class SyncRejectedItemEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('bigint')
  chunkId: string;

  @ManyToOne(() => SyncChunkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'chunk_id', foreignKeyConstraintName: 'fk_sync_rejected_item_chunk' })
  chunk?: SyncChunkEntity;

  /** The user's app_user id (AppUserEntity); made by the user's first chunk. */
  @Column('integer')
  userRef: number;

  @Column('text')
  dataType: string;

  @Column('integer')
  itemIndex: number;

  @Column('text')
  field: string;

  @Column('text')
  message: string;

  @Column('jsonb', { nullable: true })
  raw: unknown;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
