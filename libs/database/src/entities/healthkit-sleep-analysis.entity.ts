import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { HealthRecordBase } from './health-record.base';
import { HealthkitSourceEntity } from './healthkit-source.entity';

@Entity('healthkit_sleep_analysis')
@Index('ix_healthkit_sleep_analysis_user_start', ['userRef', 'startTime'])
@Index('ix_healthkit_sleep_analysis_user_record_id', ['userRef', 'recordId'], { where: '"record_id" IS NOT NULL' })
export class HealthkitSleepAnalysisEntity extends HealthRecordBase {
  /** in_bed | asleep | awake | light (HealthKit "core") | deep | rem | session | out_of_bed | unknown */
  @Column('text')
  stage: string;

  /** Duration in minutes, as the app sends it. */
  @Column('double precision', { nullable: true })
  value: number | null;

  // No foreign key: see HealthRecordBase.context.
  @ManyToOne(() => HealthkitSourceEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'source_id' })
  source?: HealthkitSourceEntity;
}
