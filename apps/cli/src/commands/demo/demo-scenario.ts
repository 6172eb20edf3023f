import { TenantPurpose, TokenRole } from '@wharf/sdk';

/** The two environments of the story, each its own tenant with its own token. */
export type DemoEnvironment = 'development' | 'staging';

export interface DemoTenantPlan {
  environment: DemoEnvironment;
  /** Display name; the tenant service derives a unique slug from it (name plus a random suffix). */
  name: string;
  purpose: TenantPurpose;
}

export interface DemoWorkerPlan {
  name: string;
  /** Where the worker would run: `local` (a laptop) or `cloud`. Wharf does not prefer either. */
  env: 'local' | 'cloud';
}

/** One place events are pushed to and served in: a namespace of a tenant. */
export interface DemoPlace {
  /** How the report names the place: the developer, or the environment. */
  label: string;
  environment: DemoEnvironment;
  namespace: string;
  workers: readonly DemoWorkerPlan[];
}

export const DEMO_TENANTS: readonly DemoTenantPlan[] = [
  { environment: 'development', name: 'demo-development', purpose: 'development' },
  { environment: 'staging', name: 'demo-staging', purpose: 'staging' },
];

/**
 * Each tenant gets one token per role the story needs, so every act is done with the least role
 * that allows it: admin puts the workflow, worker runs the workers, publisher pushes and reads runs.
 */
export const DEMO_TOKEN_ROLES = ['admin', 'worker', 'publisher'] as const satisfies readonly TokenRole[];
export type DemoTokenRole = (typeof DEMO_TOKEN_ROLES)[number];

const LOCAL_AND_CLOUD: readonly DemoWorkerPlan[] = [
  { name: 'local', env: 'local' },
  { name: 'cloud', env: 'cloud' },
];

/**
 * Two developers share the development tenant, each in a namespace named after them, each with a
 * worker on their laptop and one in the cloud; staging is a tenant of its own with one worker.
 */
export const DEMO_PLACES: readonly DemoPlace[] = [
  { label: 'ada', environment: 'development', namespace: 'ada', workers: LOCAL_AND_CLOUD },
  { label: 'bob', environment: 'development', namespace: 'bob', workers: LOCAL_AND_CLOUD },
  { label: 'staging', environment: 'staging', namespace: 'default', workers: [{ name: 'cloud', env: 'cloud' }] },
];

/** The same workflow is put in every place: one step, run by whichever worker serves its action. */
export const DEMO_ACTION = 'greet:send';
export const DEMO_EVENT_KEY = 'user:created';
export const DEMO_WORKFLOW = {
  name: 'welcome',
  eventKeys: [DEMO_EVENT_KEY],
  steps: [{ name: 'send', action: DEMO_ACTION }],
};
