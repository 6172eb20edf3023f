export * from './name-rules';
export * from './subject';
