export * from './http-errors';
export * from './http-errors-helpers';
export * from './is-wharf-name.decorator';
export * from './run-service';
export * from './service-config';
export * from './wharf-service.module';
export * from './require-tenant-scope';
