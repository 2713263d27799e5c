export * from './locks/advisory-locks';
export * from './sql/statement';
export * from './rollup/rebuild-requests';
