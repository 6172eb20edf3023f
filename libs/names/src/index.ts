export * from './name-rules';
export * from './subject';
export * from './iso-date-time';
