import { routeFor, Upstream } from './route-for';

export interface OpenApiDocument {
  openapi?: string;
  info?: Record<string, unknown>;
  paths?: Record<string, unknown>;
  components?: Record<string, Record<string, unknown> | undefined>;
  tags?: { name: string }[];
  security?: unknown[];
  [extension: string]: unknown;
}

export interface ServiceDocument {
  service: Upstream;
  document: OpenApiDocument;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function rewriteRefs(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, renames));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && renames.has(v) ? renames.get(v) : rewriteRefs(v, renames),
      ]),
    );
  }
  return value;
}

function capitalized(service: string): string {
  return service.charAt(0).toUpperCase() + service.slice(1);
}

/**
 * One OpenAPI document for the one base URL: the paths each service documents that the edge routes
 * to that service (anything else is unreachable through the edge), and their components. A
 * component two services define differently under one name is kept apart by prefixing the later
 * one with its service name (and its `$ref`s with it); so is an operationId already taken (every
 * service has a health operation of the same name). Services whose document could not be read
 * are listed in `x-wharf-missing-services`.
 */
export function mergeOpenApi(parts: readonly ServiceDocument[], missing: readonly Upstream[] = []): OpenApiDocument {
  const paths: Record<string, unknown> = {};
  const components: Record<string, Record<string, unknown>> = {};
  const tags = new Map<string, { name: string }>();
  const security = new Map<string, unknown>();
  const operationIds = new Set<string>();

  for (const { service, document } of parts) {
    const renames = new Map<string, string>();
    for (const [kind, entries] of Object.entries(document.components ?? {})) {
      for (const [name, definition] of Object.entries(entries ?? {})) {
        const existing = components[kind]?.[name];
        if (existing !== undefined && canonical(existing) !== canonical(definition)) {
          renames.set(`#/components/${kind}/${name}`, `#/components/${kind}/${capitalized(service)}${name}`);
        }
      }
    }
    const own = rewriteRefs(document, renames) as OpenApiDocument;
    for (const [kind, entries] of Object.entries(own.components ?? {})) {
      const merged = (components[kind] ??= {});
      for (const [name, definition] of Object.entries(entries ?? {})) {
        const renamed = renames.get(`#/components/${kind}/${name}`);
        merged[renamed === undefined ? name : renamed.slice(`#/components/${kind}/`.length)] = definition;
      }
    }
    for (const [path, item] of Object.entries(own.paths ?? {})) {
      if (routeFor('GET', path) !== service) continue;
      for (const method of HTTP_METHODS) {
        const operation = (item as Record<string, { operationId?: string } | undefined>)[method];
        if (operation?.operationId === undefined) continue;
        if (operationIds.has(operation.operationId)) operation.operationId = `${service}_${operation.operationId}`;
        operationIds.add(operation.operationId);
      }
      paths[path] = item;
    }
    for (const tag of own.tags ?? []) if (!tags.has(tag.name)) tags.set(tag.name, tag);
    for (const requirement of own.security ?? []) security.set(canonical(requirement), requirement);
  }

  const merged: OpenApiDocument = {
    openapi: parts[0]?.document.openapi ?? '3.0.0',
    info: {
      title: 'Wharf API',
      version: '1',
      description: 'The tenant, registry and dispatch services behind one base URL.',
    },
    paths,
    components,
  };
  if (tags.size > 0) merged.tags = [...tags.values()];
  if (security.size > 0) merged.security = [...security.values()];
  if (missing.length > 0) merged['x-wharf-missing-services'] = [...missing];
  return merged;
}
