import fc from 'fast-check';
import { isValidName } from '@wharf/names';
import { generateTenantSlug, randomSlugSuffix, SLUG_SUFFIX_LENGTH } from './tenant-slug';

describe('generated tenant slugs', () => {
  it.each([
    ['Acme Staging', 'acme-staging-4f7k'],
    ['  ACME -- Staging!! ', 'acme-staging-4f7k'],
    ['Zürich GmbH', 'z-rich-gmbh-4f7k'],
    ['株式会社', 'tenant-4f7k'],
    ['...', 'tenant-4f7k'],
  ])('turns %j into %s', (name, slug) => {
    expect(generateTenantSlug(name, '4f7k')).toBe(slug);
  });

  it('cuts a long name so the slug stays within 63 characters and ends on a letter or digit', () => {
    const slug = generateTenantSlug(`${'a'.repeat(57)} bcd`, '4f7k');
    expect(slug).toBe(`${'a'.repeat(57)}-4f7k`);
    expect(isValidName('tenant', slug)).toBe(true);
  });

  it('draws suffixes of lower-case letters and digits', () => {
    for (let i = 0; i < 50; i += 1) expect(randomSlugSuffix()).toMatch(new RegExp(`^[a-z0-9]{${SLUG_SUFFIX_LENGTH}}$`));
  });

  it('always yields a valid tenant slug, whatever the name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200, unit: 'grapheme' }), fc.stringMatching(/^[a-z0-9]{4}$/), (name, suffix) =>
        isValidName('tenant', generateTenantSlug(name, suffix)),
      ),
    );
  });
});
