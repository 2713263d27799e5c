export * from './data-source-options';
export * from './entities';
export * from './migrate';
export * from './schema-check';
export * from './snake-naming.strategy';
export * from './database.module';
export * from './pg-errors';
export * from './migrations';
