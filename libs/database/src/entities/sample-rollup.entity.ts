import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Derived, never the truth: per user, metric, quarter hour (UTC) and source, what that source
 * contributed after source precedence was applied minute by minute. The worker rewrites the
 * quarters a chunk touches in the chunk's transaction; a ranking change rebuilds the user's rows.
 * Quarter hours because every time zone in use today is a whole number of quarter hours from UTC,
 * so a local day, week or month is always a whole set of rows.
 */
@Entity('sample_rollup')
export class SampleRollupEntity {
  /** The user's app_user id. */
  @PrimaryColumn('integer', { primaryKeyConstraintName: 'pk_sample_rollup' })
  userRef: number;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_sample_rollup' })
  sampleType: string;

  @PrimaryColumn('timestamptz', { primaryKeyConstraintName: 'pk_sample_rollup' })
  bucketStart: Date;

  @PrimaryColumn('bigint', { primaryKeyConstraintName: 'pk_sample_rollup' })
  sourceId: string;

  /** Cumulative metrics: the value in proportion to the minutes this source won; discrete: sum of its readings. */
  @Column('double precision')
  sum: number;

  /** Sum of the counted samples' own values, for averages. */
  @Column('double precision')
  valueSum: number;

  /** Samples counted here: a sample counts in the quarter of its first minute, if it won that minute. */
  @Column('integer')
  count: number;

  @Column('double precision', { nullable: true })
  min: number | null;

  @Column('double precision', { nullable: true })
  max: number | null;
}
