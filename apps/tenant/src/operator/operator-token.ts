import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { issueToken } from '@wharf/auth';
import { EventStore } from '@wharf/event-store';
import { SYSTEM_ACTOR } from '@wharf/events';
import { SYSTEM_TENANT } from '@wharf/names';
import { decideAndAppend } from '../shared/decide-and-append';
import { subjectOf } from '../shared/aggregate-location';
import { TokenAlreadyExistsError, tokenDecider } from '../tokens/token.decider';
import { OPERATOR_TOKEN_LOCATION } from '../tokens/token.stream';
import { writeSecretFile } from './secret-file';

export const OPERATOR_TOKEN_FILE = 'operator.token';
export const OPERATOR_TOKEN_NAME = 'operator';

/** How long an instance that lost the race waits for the winner (same data folder) to write the file. */
const WINNER_FILE_GRACE_MS = 2_000;

export interface OperatorTokenLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface EnsureOperatorToken {
  store: EventStore;
  dataDir: string;
  logger: OperatorTokenLogger;
}

async function appearsWithin(file: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!existsSync(file)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/**
 * Makes sure the one operator token exists. The first call against a stream records it at
 * `wharf._._.token.operator` (expecting the subject empty, so however many instances start at once
 * exactly one wins) and writes the token string to `<dataDir>/operator.token`, mode 0600. Every
 * later call records nothing, whatever the subject holds after its `token.created` (rotations
 * included): the token decider refuses to create over a non-empty subject. Only the file's path
 * is logged, never the token.
 */
export async function ensureOperatorToken({
  store,
  dataDir,
  logger,
}: EnsureOperatorToken): Promise<'created' | 'exists'> {
  const file = join(dataDir, OPERATOR_TOKEN_FILE);
  const issued = issueToken();
  try {
    await decideAndAppend(store, {
      location: OPERATOR_TOKEN_LOCATION,
      decider: tokenDecider,
      command: {
        kind: 'create-token',
        tokenId: issued.tokenId,
        tenant: SYSTEM_TENANT,
        name: OPERATOR_TOKEN_NAME,
        hash: issued.hash,
        operator: true,
        role: null,
        namespace: null,
        expiresAt: null,
        now: Date.now(),
      },
      actor: SYSTEM_ACTOR,
    });
  } catch (err) {
    if (!(err instanceof TokenAlreadyExistsError)) throw err;
    // Another instance sharing this data folder may have won a moment ago and be writing the file.
    if (!(await appearsWithin(file, WINNER_FILE_GRACE_MS))) {
      logger.warn(
        `the operator token exists (${subjectOf(OPERATOR_TOKEN_LOCATION)}) but its file ${file} is gone; ` +
          'the token cannot be shown again: restore the file from a backup, or start with a new stream to get a new operator token',
      );
    }
    return 'exists';
  }
  try {
    writeSecretFile(file, issued.token);
  } catch (err) {
    throw new Error(`the operator token was recorded but writing ${file} failed: ${(err as Error).message}`);
  }
  logger.log(`operator token created: read it from ${file} (mode 0600)`);
  return 'created';
}
