/** What `tenants archive` does before archiving: go ahead, ask at the terminal, or refuse to guess. */
export type ArchiveConfirmation = 'proceed' | 'ask' | 'refuse';

/**
 * Archiving cannot be undone, so it needs `--yes` or an answer typed at a terminal; without a
 * terminal to ask (a script, a pipe) and without `--yes`, nothing is archived.
 */
export function archiveConfirmation(options: { yes: boolean; interactive: boolean }): ArchiveConfirmation {
  if (options.yes) return 'proceed';
  return options.interactive ? 'ask' : 'refuse';
}

export function archiveQuestion(slug: string): string {
  return (
    `Archive tenant ${slug}? Every token of the tenant stops working at once; its history stays readable ` +
    `to the operator. This cannot be undone.\nType the tenant's slug to confirm: `
  );
}

/** Only the slug itself confirms: a reflexive "y" must not archive the wrong tenant. */
export function confirmsArchive(answer: string, slug: string): boolean {
  return answer.trim() === slug;
}

export const ARCHIVE_NEEDS_YES =
  'archiving a tenant cannot be undone and there is no terminal to ask for confirmation: pass --yes';
