import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { HealthRecordBase } from './health-record.base';
import { HealthkitSourceEntity } from './healthkit-source.entity';

@Entity('healthkit_workout')
@Index('ix_healthkit_workout_user_start', ['userRef', 'startTime'])
@Index('ix_healthkit_workout_user_record_id', ['userRef', 'recordId'], { where: '"record_id" IS NOT NULL' })
export class HealthkitWorkoutEntity extends HealthRecordBase {
  @Column('text', { nullable: true })
  activityType: string | null;

  @Column('double precision')
  durationSeconds: number;

  @Column('double precision', { nullable: true })
  totalEnergyBurned: number | null;

  @Column('text', { nullable: true })
  totalEnergyBurnedUnit: string | null;

  @Column('double precision', { nullable: true })
  totalDistance: number | null;

  @Column('text', { nullable: true })
  totalDistanceUnit: string | null;

  @Column('double precision', { nullable: true })
  totalSteps: number | null;

  // No foreign key: see HealthRecordBase.context.
  @ManyToOne(() => HealthkitSourceEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'source_id' })
  source?: HealthkitSourceEntity;
}
