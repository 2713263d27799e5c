import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A device or app that wrote data (Apple Watch, iPhone, Oura, a Health Connect app), per user. */
@Entity('healthkit_source')
@Index('uq_healthkit_source_natural_key', ['userRef', 'platform', 'bundleId', 'name'], { unique: true })
export class HealthkitSourceEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** The user's app_user id (app_user.subject is the JWT `sub`), as in every per-user table. */
  @Column('integer')
  userRef: number;

  /** `appleHealth` or `googleHealthConnect`. */
  @Column('text')
  platform: string;

  /** iOS `sourceId` (bundle id, `com.apple.health.<UUID>` for Apple devices); empty on Android. */
  @Column('text')
  bundleId: string;

  /** iOS `sourceName`; on Android the writing app's package name. */
  @Column('text')
  name: string;

  /** e.g. `Watch6,7` / `iPhone15,2` when the app sends it. */
  @Column('text', { nullable: true })
  productType: string | null;

  /** apple_watch | iphone | third_party */
  @Column('text')
  kind: string;

  /** 1 Apple Watch, 2 iPhone, 3+ third party: lower wins at read time. */
  @Column('smallint')
  precedence: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
