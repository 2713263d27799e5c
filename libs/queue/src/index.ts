export * from './queue-options';
export * from './queue.constants';
export * from './store-chunk.job';
export * from './redis.health';
