import { conflict, notFound } from '@wharf/service-kit';
import { TenantAlreadyArchivedError, TenantArchivedError, TenantNotFoundError } from './tenant.decider';

/** The HTTP answer to a rule the tenant decider refused; anything else is passed on as is. */
export function tenantRuleAnswer(err: unknown): unknown {
  if (err instanceof TenantNotFoundError) return notFound('tenant', err.slug);
  if (err instanceof TenantArchivedError || err instanceof TenantAlreadyArchivedError) return conflict(err.message);
  return err;
}
