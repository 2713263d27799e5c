import { InitialSchema1764000000000 } from './1764000000000-initial-schema';
import { ReadPath1765000000000 } from './1765000000000-read-path';

/** Every migration, in order. Listed explicitly so the built app needs no glob over dist/. */
export const MIGRATIONS = [InitialSchema1764000000000, ReadPath1765000000000];
