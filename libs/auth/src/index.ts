export * from './auth.guard';
export * from './request-scope';
export * from './token-directory';
export * from './token-secret';
export * from './token.entity';
export * from './token.projection';
