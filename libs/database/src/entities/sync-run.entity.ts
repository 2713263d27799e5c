import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per sync (user, data type, anchor token), made when its first chunk is received. Its id
 * orders syncs by when they started: a row's write position (HealthRecordBase.writePos) is this id
 * and the chunk index, so an older sync's late chunk never overwrites a newer sync's write.
 */
@Entity('sync_run')
@Index('uq_sync_run_sync', ['userRef', 'dataType', 'syncKey'], { unique: true })
export class SyncRunEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** The user's app_user id (AppUserEntity); made by the user's first chunk. */
  @Column('integer')
  userRef: number;

  @Column('text')
  dataType: string;

  /** sha256 of the anchor token, as in sync_chunk. */
  @Column('text')
  syncKey: string;

  /** The window the sync re-read (iOS): `{from, to, types}`; every chunk of the sync must send the same. */
  @Column('jsonb', { nullable: true })
  reconcile: { from: string; to: string; types: string[] } | null;

  /** The platform of the sync's items (a reconciling sync holds one platform only). */
  @Column('text', { nullable: true })
  platform: string | null;

  /** Rows the reconcile deleted when the sync's anchor moved. */
  @Column('integer', { default: 0 })
  reconciledCount: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
