import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AppUserEntity } from './app-user.entity';

/**
 * What a user's rows repeat: unit, recording method, the reading phone and the metadata object
 * (a Watch heart rate carries {"HKMetadataKeyHeartRateMotionContext": 0} on every sample). Stored
 * once per user and distinct combination, found by the SHA-256 of its values; a row holds its id.
 * Per user, not shared, so erasing a user erases their contexts.
 */
@Entity('sample_context')
@Index('uq_sample_context_digest', ['userRef', 'digest'], { unique: true })
export class SampleContextEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('integer')
  userRef: number;

  @Column('bytea')
  digest: Buffer;

  @Column('text', { nullable: true })
  unit: string | null;

  @Column('text', { nullable: true })
  recordingMethod: string | null;

  /** The phone that read the data (`sourceDeviceId`), not the device that measured it. */
  @Column('text', { nullable: true })
  sourceDeviceId: string | null;

  @Column('jsonb', { nullable: true })
  metadata: Record<string, unknown> | null;

  @ManyToOne(() => AppUserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_ref', foreignKeyConstraintName: 'fk_sample_context_user' })
  user?: AppUserEntity;
}
