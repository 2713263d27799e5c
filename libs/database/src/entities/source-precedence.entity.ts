import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { HealthkitSourceEntity } from './healthkit-source.entity';

/**
 * A user's own ranking of one source, overriding the default (Watch 1, iPhone 2, third party 3+)
 * for one metric or, with `sampleType` '' , for every metric. Read queries apply it; raw rows never change.
 */
@Entity('source_precedence')
@Index('uq_source_precedence_user_source_type', ['userRef', 'sourceId', 'sampleType'], { unique: true })
export class SourcePrecedenceEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** The user's app_user id (app_user.subject is the JWT `sub`), as in every per-user table. */
  @Column('integer')
  userRef: number;

  @Column('bigint')
  sourceId: string;

  @ManyToOne(() => HealthkitSourceEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'source_id', foreignKeyConstraintName: 'fk_source_precedence_source' })
  source?: HealthkitSourceEntity;

  /** The metric this ranking applies to; '' means every metric without a ranking of its own. */
  @Column('text', { default: '' })
  sampleType: string;

  /** Lower wins. */
  @Column('smallint')
  precedence: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
