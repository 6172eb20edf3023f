import { mergeOpenApi, OpenApiDocument } from './merge-openapi';

const errorBody = { type: 'object', properties: { message: { type: 'string' } } };

function doc(paths: Record<string, unknown>, schemas: Record<string, unknown> = {}): OpenApiDocument {
  return {
    openapi: '3.0.0',
    info: { title: 'a service', version: '1' },
    paths,
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    tags: [],
  };
}

describe('mergeOpenApi', () => {
  it('unites the services\' paths under the title "Wharf API"', () => {
    const merged = mergeOpenApi([
      { service: 'tenant', document: doc({ '/api/v1/tenants': { get: {} }, '/api/v1/health/tenant': { get: {} } }) },
      {
        service: 'registry',
        document: doc({ '/api/v1/workers': { post: {} }, '/api/v1/workflows/{name}': { get: {} } }),
      },
    ]);
    expect(merged.info?.title).toBe('Wharf API');
    expect(Object.keys(merged.paths ?? {}).sort()).toEqual([
      '/api/v1/health/tenant',
      '/api/v1/tenants',
      '/api/v1/workers',
      '/api/v1/workflows/{name}',
    ]);
    expect(merged.components?.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
    expect(merged['x-wharf-missing-services']).toBeUndefined();
  });

  it('leaves out paths the edge does not route to the documenting service', () => {
    const merged = mergeOpenApi([
      {
        service: 'registry',
        document: doc({ '/api/v1/workers/{id}': { get: {} }, '/api/v1/workers/{id}/assignments': { get: {} } }),
      },
      { service: 'dispatch', document: doc({ '/api/v1/workers/{id}/assignments': { get: { summary: 'stream' } } }) },
    ]);
    expect(merged.paths).toEqual({
      '/api/v1/workers/{id}': { get: {} },
      '/api/v1/workers/{id}/assignments': { get: { summary: 'stream' } },
    });
  });

  it('keeps one copy of identical components and separates different ones with the same name', () => {
    const ref = { $ref: '#/components/schemas/ErrorBody' };
    const merged = mergeOpenApi([
      {
        service: 'tenant',
        document: doc(
          { '/api/v1/tenants': { get: { responses: { 400: ref } } } },
          { ErrorBody: errorBody, Same: { type: 'string' } },
        ),
      },
      {
        service: 'dispatch',
        document: doc(
          { '/api/v1/runs': { get: { responses: { 400: ref } } } },
          { ErrorBody: { type: 'object' }, Same: { type: 'string' } },
        ),
      },
    ]);
    expect(merged.components?.schemas).toEqual({
      ErrorBody: errorBody,
      Same: { type: 'string' },
      DispatchErrorBody: { type: 'object' },
    });
    expect(merged.paths?.['/api/v1/tenants']).toEqual({ get: { responses: { 400: ref } } });
    expect(merged.paths?.['/api/v1/runs']).toEqual({
      get: { responses: { 400: { $ref: '#/components/schemas/DispatchErrorBody' } } },
    });
  });

  it('keeps operation ids unique by prefixing a repeated one with its service', () => {
    const health = (path: string) => ({ [path]: { get: { operationId: 'AdminController_httpHealth' } } });
    const merged = mergeOpenApi([
      { service: 'tenant', document: doc(health('/api/v1/health/tenant')) },
      { service: 'registry', document: doc(health('/api/v1/health/registry')) },
    ]);
    expect(merged.paths).toEqual({
      '/api/v1/health/tenant': { get: { operationId: 'AdminController_httpHealth' } },
      '/api/v1/health/registry': { get: { operationId: 'registry_AdminController_httpHealth' } },
    });
  });

  it('names the services whose documents are missing', () => {
    const merged = mergeOpenApi([{ service: 'tenant', document: doc({}) }], ['dispatch']);
    expect(merged['x-wharf-missing-services']).toEqual(['dispatch']);
  });
});
