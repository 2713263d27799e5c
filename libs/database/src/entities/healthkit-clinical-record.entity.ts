import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { HealthRecordBase } from './health-record.base';
import { HealthkitSourceEntity } from './healthkit-source.entity';

/** Clinical records as FHIR R4 JSON, kept whole. */
@Entity('healthkit_clinical_record')
@Index('uq_healthkit_clinical_record_record', ['userId', 'recordKey'], { unique: true })
@Index('ix_healthkit_clinical_record_user_resource', ['userId', 'resourceType'])
@Index('ix_healthkit_clinical_record_user_uuid', ['userId', 'hkUuid'])
export class HealthkitClinicalRecordEntity extends HealthRecordBase {
  @Column('text')
  resourceType: string;

  @Column('text', { nullable: true })
  fhirVersion: string | null;

  @Column('jsonb')
  fhirResource: Record<string, unknown>;

  @ManyToOne(() => HealthkitSourceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id', foreignKeyConstraintName: 'fk_healthkit_clinical_record_source' })
  source?: HealthkitSourceEntity;
}
