import { Column, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { SampleContextEntity } from './sample-context.entity';

/**
 * Columns every health table shares, shaped for size (≈ 1,500 rows a day per Watch user): the
 * user, the type and what repeats from row to row are small references, the identity is a 16-byte
 * uuid, and the primary key (user_ref, record_key) is the only unique index.
 *
 * `recordKey` is the row identity within a user: the HealthKit UUID on iOS; on Android, where one
 * record id covers many points, a name-based uuid of (record id, type, start) (see CONTRACT.md),
 * with the record id itself in `recordId` so a Health Connect deletion finds every point.
 * Both come from the SQL function record_uuid(text): a canonical UUID as it is, any other id
 * as a SHA-256 name-based uuid (RFC 9562 version 8).
 */
export abstract class HealthRecordBase {
  @PrimaryColumn('integer')
  userRef: number;

  @PrimaryColumn('uuid')
  recordKey: string;

  /** `health_term` id of the `HealthDataType` name as sent, e.g. HEART_RATE, SLEEP_REM, WORKOUT. */
  @Column('integer')
  typeId: number;

  @Column('bigint')
  contextId: string;

  @Column('timestamptz')
  startTime: Date;

  @Column('timestamptz')
  endTime: Date;

  @Column('bigint')
  sourceId: string;

  /** Android only: the Health Connect record id shared by the points of one record. */
  @Column('uuid', { nullable: true })
  recordId: string | null;

  /** Keys a newer app version added that this server does not know yet: kept, not dropped. */
  @Column('jsonb', { nullable: true })
  extra: Record<string, unknown> | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** Set when the phone reports the record deleted; cleared if it comes back. Sync never hard-deletes. */
  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;

  /**
   * Where the row's last write (upsert or delete) stands in the phone's order: sync_run id × 2^17
   * + chunk index (writePosition). A write from an earlier position never changes the row, so
   * chunks stored out of order end as if stored in order. 0: written before positions existed.
   */
  @Column('bigint', { default: 0 })
  writePos: string;

  /**
   * No foreign key here nor on source_id, as on type_id. A key is checked per inserted row (one
   * lookup and a key-share lock on the referenced row): measured at ≈ 0.8 ms of PostgreSQL CPU per
   * 164-row chunk, ≈ 10 % of the worker's database time (docs/throughput.md), and every
   * concurrent chunk of a user locks the same few context and source rows (multixacts). The rows
   * referenced are made before the health rows in the chunk's transaction and deleted only by an
   * erasure, after the health rows and with chunk writes for that user shut out (erasure-tables.ts).
   */
  @ManyToOne(() => SampleContextEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'context_id' })
  context?: SampleContextEntity;
}
