import { Column, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * What HealthKit keeps once per user (its characteristics): biological sex, date of birth, blood
 * type. The `health` package sends them as GENDER, BIRTH_DATE and BLOOD_TYPE points without a uuid;
 * one row per user, each field with the moment the phone read it, so the latest reading wins even
 * when an older chunk is stored after a newer one. A field read as "not set" is null. Erased and
 * exported with the user's other rows (USER_DATA_TABLES); not cut by retention, which removes
 * history older than a cutoff, while this row is the user's current state.
 */
@Entity('user_profile')
@Index('uq_user_profile_user', ['userRef'], { unique: true })
export class UserProfileEntity {
  /** A numeric key like the other per-user tables': the export pages by it. */
  @PrimaryGeneratedColumn('identity', {
    type: 'bigint',
    generatedIdentity: 'ALWAYS',
    primaryKeyConstraintName: 'pk_user_profile',
  })
  id: string;

  /** The user's app_user id (app_user.subject is the JWT `sub`), as in every per-user table. */
  @Column('integer')
  userRef: number;

  /** female | male | other */
  @Column('text', { nullable: true })
  gender: string | null;

  @Column('timestamptz', { nullable: true })
  genderRecordedAt: Date | null;

  @Column('date', { nullable: true })
  birthDate: string | null;

  @Column('timestamptz', { nullable: true })
  birthDateRecordedAt: Date | null;

  /** A_POSITIVE … O_NEGATIVE */
  @Column('text', { nullable: true })
  bloodType: string | null;

  @Column('timestamptz', { nullable: true })
  bloodTypeRecordedAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
