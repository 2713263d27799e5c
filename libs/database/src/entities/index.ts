import { AppUserEntity } from './app-user.entity';
import { HealthDataErasureEntity } from './health-data-erasure.entity';
import { HealthTermEntity } from './health-term.entity';
import { HealthTombstoneEntity } from './health-tombstone.entity';
import { HealthkitClinicalRecordEntity } from './healthkit-clinical-record.entity';
import { HealthkitSampleEntity } from './healthkit-sample.entity';
import { HealthkitSleepAnalysisEntity } from './healthkit-sleep-analysis.entity';
import { HealthkitSourceEntity } from './healthkit-source.entity';
import { HealthkitSyncStateEntity } from './healthkit-sync-state.entity';
import { HealthkitWorkoutEntity } from './healthkit-workout.entity';
import { RollupRebuildRequestEntity } from './rollup-rebuild-request.entity';
import { SampleContextEntity } from './sample-context.entity';
import { SampleRollupEntity } from './sample-rollup.entity';
import { SourcePrecedenceEntity } from './source-precedence.entity';
import { SyncChunkEntity } from './sync-chunk.entity';
import { SyncRejectedItemEntity } from './sync-rejected-item.entity';
import { SyncRunEntity } from './sync-run.entity';
import { UserProfileEntity } from './user-profile.entity';

export {
  AppUserEntity,
  HealthTermEntity,
  SampleContextEntity,
  SampleRollupEntity,
  SourcePrecedenceEntity,
  HealthDataErasureEntity,
  HealthkitClinicalRecordEntity,
  HealthkitSampleEntity,
  HealthkitSleepAnalysisEntity,
  HealthkitSourceEntity,
  HealthkitSyncStateEntity,
  HealthkitWorkoutEntity,
  SyncChunkEntity,
  SyncRejectedItemEntity,
  SyncRunEntity,
  HealthTombstoneEntity,
  UserProfileEntity,
  RollupRebuildRequestEntity,
};

export const ENTITIES = [
  AppUserEntity,
  HealthTermEntity,
  SampleContextEntity,
  HealthkitSourceEntity,
  HealthkitSampleEntity,
  HealthkitWorkoutEntity,
  HealthkitSleepAnalysisEntity,
  HealthkitClinicalRecordEntity,
  HealthkitSyncStateEntity,
  SyncChunkEntity,
  SyncRejectedItemEntity,
  SourcePrecedenceEntity,
  SampleRollupEntity,
  HealthDataErasureEntity,
  SyncRunEntity,
  HealthTombstoneEntity,
  UserProfileEntity,
  RollupRebuildRequestEntity,
];
