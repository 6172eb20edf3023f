import { RotatedOperatorToken } from '@wharf/sdk';

/** What `operator rotate` did with the new token: saved it in the file the old one came from, or not. */
export type RotationOutcome =
  { kind: 'saved'; file: string } | { kind: 'shown' } | { kind: 'not-saved'; file: string; reason: string };

/**
 * Puts the new operator token where the old one was read from, so everything that reads that file
 * keeps working; a token given directly is shown instead. A file that cannot be written is
 * reported, and the token shown, because the old token no longer works and the new one must not
 * be lost.
 */
export function saveRotatedToken(
  rotated: RotatedOperatorToken,
  sourceFile: string | null,
  write: (file: string, secret: string) => void,
): RotationOutcome {
  if (sourceFile === null) return { kind: 'shown' };
  try {
    write(sourceFile, rotated.token);
    return { kind: 'saved', file: sourceFile };
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    return { kind: 'not-saved', file: sourceFile, reason };
  }
}

/** The record `operator rotate` prints: the token itself only when it was not saved. */
export function rotationFields(rotated: RotatedOperatorToken, outcome: RotationOutcome): [string, unknown][] {
  const fields: [string, unknown][] = [
    ['token id', rotated.tokenId],
    ['created', rotated.createdAt],
  ];
  if (outcome.kind === 'saved') fields.push(['token file', outcome.file]);
  else fields.push(['token', rotated.token]);
  return fields;
}

/** What `operator rotate` says on stderr. */
export function rotationNotice(outcome: RotationOutcome): string {
  switch (outcome.kind) {
    case 'saved':
      return `The old operator token no longer works; the new one replaced it in ${outcome.file} (mode 0600).`;
    case 'shown':
      return 'The old operator token no longer works. Store the new one now: Wharf keeps only its hash and cannot show it again.';
    case 'not-saved':
      return (
        `The old operator token no longer works, and the new one could not be written to ${outcome.file} ` +
        `(${outcome.reason}): it is printed above, store it now; Wharf cannot show it again.`
      );
  }
}
