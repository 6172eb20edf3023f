export * from './checkpoint.entity';
export * from './projection';
export * from './projection-runner';
export * from './read-model-database';
export * from './multi-row-insert';
