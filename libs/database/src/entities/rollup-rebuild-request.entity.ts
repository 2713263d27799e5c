import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AppUserEntity } from './app-user.entity';

/**
 * A rebuild of one user's rollup (sample_rollup) that a migration called for: migrations are frozen SQL
 * and never run the rollup code, so they record the need here and the operator command
 * (`npm run rollup -- rebuild`, which `npm run migrate` names) carries it out and deletes the row.
 * Goes with the user's app_user row when the user is erased.
 */
@Entity('rollup_rebuild_request')
@Index('ix_rollup_rebuild_request_user', ['userRef'])
export class RollupRebuildRequestEntity {
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_rollup_rebuild_request',
  })
  id: string;

  @Column('integer')
  userRef: number;

  /** The metrics to rebuild; null: every metric the user has. */
  @Column('text', { array: true, nullable: true })
  sampleTypes: string[] | null;

  /** The migration that called for it (its class name), for the operator's report. */
  @Column('text')
  requestedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  requestedAt: Date;

  @ManyToOne(() => AppUserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_ref', foreignKeyConstraintName: 'fk_rollup_rebuild_request_user' })
  user?: AppUserEntity;
}
