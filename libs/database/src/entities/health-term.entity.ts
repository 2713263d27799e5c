import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Interned data-type names (HEART_RATE, SLEEP_REM, a name a newer app invents): rows hold the
 * 4-byte id. Shared by all users, so the health tables keep no foreign key to it: every chunk
 * would key-share lock the same few rows (HEART_RATE) and turn them into multixacts.
 */
@Entity('health_term')
@Index('uq_health_term_name', ['name'], { unique: true })
export class HealthTermEntity {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'ALWAYS' })
  id: number;

  @Column('text')
  name: string;
}
