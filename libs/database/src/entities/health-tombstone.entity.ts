import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A deletion that found no row: the phone deleted a record whose upsert (an earlier chunk or sync)
 * has not been stored yet. Kept with the deletion's write position so that upsert, arriving late,
 * does not bring the record back. A deletion that finds rows leaves its position on them instead.
 */
@Entity('health_tombstone')
@Index('ix_health_tombstone_user_pos', ['userRef', 'writePos'])
export class HealthTombstoneEntity {
  @PrimaryColumn('integer')
  userRef: number;

  /** recordUuid of the id the phone deleted: a row's record_key (iOS) or record_id (Health Connect). */
  @PrimaryColumn('uuid')
  recordId: string;

  @Column('bigint')
  writePos: string;
}
