import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { HealthRecordBase } from './health-record.base';
import { HealthkitSourceEntity } from './healthkit-source.entity';

/** Quantity samples (heart rate, steps, HRV, energy, …) and every type the server has no table for. */
@Entity('healthkit_sample')
@Index('ix_healthkit_sample_user_type_start', ['userRef', 'typeId', 'startTime'])
@Index('ix_healthkit_sample_user_record_id', ['userRef', 'recordId'], { where: '"record_id" IS NOT NULL' })
export class HealthkitSampleEntity extends HealthRecordBase {
  @Column('double precision', { nullable: true })
  value: number | null;

  /** The whole value object when it is not a plain number (nutrition, ECG, audiogram, …). */
  @Column('jsonb', { nullable: true })
  valueDetail: Record<string, unknown> | null;

  // No foreign key: see HealthRecordBase.context.
  @ManyToOne(() => HealthkitSourceEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'source_id' })
  source?: HealthkitSourceEntity;
}
