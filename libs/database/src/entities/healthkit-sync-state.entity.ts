import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** One row per user per data type: where the phone resumes its next sync. */
@Entity('healthkit_sync_state')
@Index('uq_healthkit_sync_state_user_type', ['userRef', 'dataType'], { unique: true })
export class HealthkitSyncStateEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** The user's app_user id (AppUserEntity); made by the user's first chunk. */
  @Column('integer')
  userRef: number;

  @Column('text')
  dataType: string;

  @Column('text')
  lastAnchor: string;

  @Column('timestamptz')
  lastSyncTime: Date;

  /**
   * When the sync that set `lastAnchor` first reached the server. A slower, older sync that
   * completes later must not move the anchor back, so it is compared against this.
   */
  @Column('timestamptz')
  anchorSyncStartedAt: Date;

  /** The sync_run id of the sync that set `lastAnchor`: the order rule (null: set before sync_run existed). */
  @Column('bigint', { nullable: true })
  anchorSyncSeq: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
