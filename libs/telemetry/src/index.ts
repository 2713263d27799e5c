export * from './db-pool.metrics';
export * from './meter';
export * from './metrics.controller';
export * from './telemetry';
export * from './telemetry.module';
export * from './emf';
