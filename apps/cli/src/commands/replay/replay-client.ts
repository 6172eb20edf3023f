import { Command } from 'commander';
import { HttpClient, ReplaysResource, resolveWharfConfig } from '@wharf/sdk';
import { globalOptions } from '../support/global-options';

/**
 * The replays resource configured from the global options; `tenant` names the tenant to read in
 * (the operator token reads a replay in its target tenant).
 */
export function replaysClient(command: Command, tenant?: string): ReplaysResource {
  const { url, token, tokenFile, namespace, tenant: given } = globalOptions(command);
  return new ReplaysResource(
    new HttpClient(resolveWharfConfig({ url, token, tokenFile, namespace, tenant: tenant ?? given })),
  );
}
