import { RequestScope } from '@wharf/auth';

/**
 * Base of every use-case command: it carries the request's scope (tenant, namespace, actor), so
 * no use case can be written that forgets whose request it serves.
 */
export abstract class ScopedCommand {
  protected constructor(readonly scope: RequestScope) {}
}
