import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * One erasure of a user's health data ("delete my data"). While it runs, the row is also the
 * marker the worker checks so that no chunk writes the user's data back; when it is done it stays
 * as the audit record: a hash of the user id, when, and how many rows left each table.
 */
@Entity('health_data_erasure')
@Index('ix_health_data_erasure_user_hash', ['userHash', 'requestedAt'])
@Index('uq_health_data_erasure_running_user', ['userRef'], { unique: true, where: `"status" = 'running'` })
export class HealthDataErasureEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** sha256 of the user id: the audit can be matched to a user who asks, without holding the id. */
  @Column('text')
  userHash: string;

  /**
   * The user's app_user id, only while running (the worker and a resumed run find the subject
   * through it: the erasure deletes the app_user row last, in the transaction that clears this).
   */
  @Column('integer', { nullable: true })
  userRef: number | null;

  /** running | done */
  @Column('text')
  status: string;

  /** Rows deleted so far, per table. */
  @Column('jsonb', { default: () => `'{}'` })
  counts: Record<string, number>;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;
}
