import { CreatedToken, TokenView } from '@wharf/sdk';
import { shortTime } from '../support/short-time';
import { Column } from '../support/table';

/** Which namespaces a token acts in. */
export function namespaceText(namespace: string | null): string {
  return namespace ?? 'all';
}

/** When a token expires: `never`, or the time, marked once it has passed. */
export function expiryText(expiresAt: string | null, now: Date): string {
  if (expiresAt === null) return 'never';
  const expired = new Date(expiresAt).getTime() <= now.getTime();
  return expired ? `${shortTime(expiresAt)} (expired)` : shortTime(expiresAt);
}

export function lastUsedText(lastUsedAt: string | null): string {
  return lastUsedAt === null ? 'never' : shortTime(lastUsedAt);
}

export function revokedText(token: Pick<TokenView, 'revoked' | 'revokedAt'>): string {
  if (!token.revoked) return 'no';
  return token.revokedAt === null ? 'yes' : shortTime(token.revokedAt);
}

/** The columns of `wharf tokens list`; never the secret, which Wharf does not keep. */
export function tokenColumns(now: Date): Column<TokenView>[] {
  return [
    { header: 'token id', value: (t) => t.tokenId },
    { header: 'name', value: (t) => t.name },
    { header: 'role', value: (t) => t.role },
    { header: 'namespace', value: (t) => namespaceText(t.namespace) },
    { header: 'created', value: (t) => shortTime(t.createdAt) },
    { header: 'expires', value: (t) => expiryText(t.expiresAt, now) },
    { header: 'last used', value: (t) => lastUsedText(t.lastUsedAt) },
    { header: 'revoked', value: (t) => revokedText(t) },
  ];
}

/** One token as `tokens revoke` shows it. */
export function tokenFields(token: TokenView, now: Date): [string, unknown][] {
  return [
    ['token id', token.tokenId],
    ['tenant', token.tenant],
    ['name', token.name],
    ['role', token.role],
    ['namespace', namespaceText(token.namespace)],
    ['created', token.createdAt],
    ['expires', expiryText(token.expiresAt, now)],
    ['last used', lastUsedText(token.lastUsedAt)],
    ['revoked', revokedText(token)],
  ];
}

/** A token just created, the secret last so it is easy to copy. */
export function createdTokenFields(created: CreatedToken): [string, unknown][] {
  return [
    ['token id', created.tokenId],
    ['tenant', created.tenant],
    ['name', created.name],
    ['role', created.role],
    ['namespace', namespaceText(created.namespace)],
    ['created', created.createdAt],
    ['expires', created.expiresAt ?? 'never'],
    ['token', created.token],
  ];
}

/** What `tokens create` says on stderr, after the token: it is shown once, and how long it lives. */
export function createdTokenWarning(created: CreatedToken): string {
  const lines = ['Store the token now: Wharf keeps only its hash and cannot show it again.'];
  if (created.expiresAt === null) {
    lines.push(
      `It never expires: revoke it with \`wharf tokens revoke ${created.tenant} ${created.tokenId}\` when it is no longer needed.`,
    );
  }
  return lines.join('\n');
}
