import { readFileSync } from 'node:fs';
import { StartReplayInput, WharfInputError } from '@wharf/sdk';
import { parseKeyValuePairs } from '../support/key-value-pairs';

/** The options of `wharf replay`, as commander parses them. */
export interface ReplayOptions {
  from: string;
  to: string;
  create?: boolean;
  namespace?: string;
  mapNamespace?: string[];
  since?: string;
  until?: string;
  key?: string;
  withWorkflows?: boolean;
  dryRun?: boolean;
  targetTokenFile?: string;
}

/** The replay the options ask for; the target token is read from its file (never taken on the command line). */
export function replayInput(options: ReplayOptions, readFile: (file: string) => string = readText): StartReplayInput {
  if (options.namespace !== undefined && options.mapNamespace !== undefined) {
    throw new WharfInputError('--map-namespace', 'cannot be given together with --namespace: choose one');
  }
  const input: StartReplayInput = { from: options.from, to: options.to };
  if (options.create) input.create = true;
  if (options.namespace !== undefined) input.namespace = options.namespace;
  if (options.mapNamespace !== undefined)
    input.namespaceMap = parseKeyValuePairs(options.mapNamespace, '--map-namespace');
  if (options.since !== undefined) input.since = options.since;
  if (options.until !== undefined) input.until = options.until;
  if (options.key !== undefined) input.key = options.key;
  if (options.withWorkflows) input.withWorkflows = true;
  if (options.targetTokenFile !== undefined) {
    const token = readFile(options.targetTokenFile).trim();
    if (token === '') throw new WharfInputError('--target-token-file', `${options.targetTokenFile} is empty`);
    input.targetToken = token;
  }
  return input;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new WharfInputError('--target-token-file', `cannot read ${file}: ${(err as Error).message}`);
  }
}
