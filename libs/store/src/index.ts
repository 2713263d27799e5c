export * from './ledger';
export * from './locks/advisory-locks';
export * from './sql/statement';
