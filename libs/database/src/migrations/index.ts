import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { ChunkJobUuid1765100000000 } from './1765100000000-chunk-job-uuid';

/** Every migration, in order. Listed explicitly so the built app needs no glob over dist/. */
export const MIGRATIONS = [InitialSchema1764000000000, ChunkJobUuid1765100000000];
