import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The compact reference of a user (JWT `sub`) in the health tables: a 4-byte integer instead of a
 * 36-character subject repeated in every row and every index entry (≈ 90 bytes a sample).
 * Created by the worker on a user's first chunk (or by an erasure's start, whose marker names it); never reused.
 */
@Entity('app_user')
@Index('uq_app_user_subject', ['subject'], { unique: true })
export class AppUserEntity {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'ALWAYS' })
  id: number;

  @Column('text')
  subject: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
