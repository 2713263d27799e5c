import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Columns every health table shares. `recordKey` is the row identity within a user:
 * the HealthKit UUID on iOS; record id + type + start on Android, where one record id
 * covers many points (see CONTRACT.md).
 */
export abstract class HealthRecordBase {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('text')
  userId: string;

  @Column('text')
  recordKey: string;

  @Column('text')
  hkUuid: string;

  /** The `HealthDataType` name as sent, e.g. HEART_RATE, SLEEP_REM, WORKOUT. */
  @Column('text')
  sampleType: string;

  @Column('text', { nullable: true })
  unit: string | null;

  @Column('timestamptz')
  startTime: Date;

  @Column('timestamptz')
  endTime: Date;

  @Column('bigint')
  sourceId: string;

  @Column('text')
  sourcePlatform: string;

  @Column('text', { nullable: true })
  sourceDeviceId: string | null;

  @Column('text', { nullable: true })
  recordingMethod: string | null;

  @Column('jsonb', { nullable: true })
  metadata: Record<string, unknown> | null;

  /** Keys a newer app version added that this server does not know yet: kept, not dropped. */
  @Column('jsonb', { nullable: true })
  extra: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** Set when the phone reports the record deleted; cleared if it comes back. Sync never hard-deletes. */
  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;
}
