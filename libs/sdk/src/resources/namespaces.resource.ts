import { HttpClient } from '../http-client';

/** A namespace seen in the tenant, with what it holds. */
export interface NamespaceInfo {
  namespace: string;
  /** Workers registered and not deregistered. */
  workers: number;
  /** Of those, the workers available now (heartbeating). */
  availableWorkers: number;
  /** Distinct workflow names put in the namespace. */
  workflows: number;
  /** Events pushed in the namespace. */
  events: number;
  firstSeenAt: string;
  lastSeenAt: string;
}

/**
 * `/api/v1/namespaces`: every namespace of the token's tenant, whatever the client's namespace (a
 * namespace needs no registration: it exists once a worker, workflow or event used it). A token
 * bound to one namespace sees only that one.
 */
export class NamespacesResource {
  constructor(private readonly http: HttpClient) {}

  list(): Promise<NamespaceInfo[]> {
    return this.http.request<NamespaceInfo[]>('GET', '/api/v1/namespaces');
  }
}
