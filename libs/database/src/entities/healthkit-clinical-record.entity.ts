import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { HealthRecordBase } from './health-record.base';
import { HealthkitSourceEntity } from './healthkit-source.entity';

/** Clinical records as FHIR R4 JSON, kept whole. */
@Entity('healthkit_clinical_record')
@Index('ix_healthkit_clinical_record_user_resource', ['userRef', 'resourceType'])
@Index('ix_healthkit_clinical_record_user_record_id', ['userRef', 'recordId'], { where: '"record_id" IS NOT NULL' })
export class HealthkitClinicalRecordEntity extends HealthRecordBase {
  @Column('text')
  resourceType: string;

  @Column('text', { nullable: true })
  fhirVersion: string | null;

  @Column('jsonb')
  fhirResource: Record<string, unknown>;

  // No foreign key: see HealthRecordBase.context.
  @ManyToOne(() => HealthkitSourceEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'source_id' })
  source?: HealthkitSourceEntity;
}
