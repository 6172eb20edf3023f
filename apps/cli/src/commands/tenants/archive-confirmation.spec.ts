import { archiveConfirmation, archiveQuestion, confirmsArchive } from './archive-confirmation';

describe('archive confirmation', () => {
  it('goes ahead with --yes, asks at a terminal, refuses without either', () => {
    expect(archiveConfirmation({ yes: true, interactive: false })).toBe('proceed');
    expect(archiveConfirmation({ yes: true, interactive: true })).toBe('proceed');
    expect(archiveConfirmation({ yes: false, interactive: true })).toBe('ask');
    expect(archiveConfirmation({ yes: false, interactive: false })).toBe('refuse');
  });

  it('is confirmed by the slug only', () => {
    expect(confirmsArchive('acme-staging\n', 'acme-staging')).toBe(true);
    expect(confirmsArchive('y', 'acme-staging')).toBe(false);
    expect(confirmsArchive('yes', 'acme-staging')).toBe(false);
    expect(confirmsArchive('acme', 'acme-staging')).toBe(false);
    expect(confirmsArchive('', 'acme-staging')).toBe(false);
  });

  it('says what archiving does before asking', () => {
    expect(archiveQuestion('acme')).toContain('Archive tenant acme?');
    expect(archiveQuestion('acme')).toContain('cannot be undone');
  });
});
