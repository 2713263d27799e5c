// Imported as '@app/health-data/retention' (the library's index is owned by the storage code).
export * from './retention';
export * from './retention-cutoff';
