import { WharfInputError } from '@wharf/sdk';
import { tenantNameArgument } from './tenants.command';

describe('tenants create name', () => {
  it('takes --name or the argument', () => {
    expect(tenantNameArgument(undefined, 'Acme staging')).toBe('Acme staging');
    expect(tenantNameArgument('Acme staging', undefined)).toBe('Acme staging');
    expect(tenantNameArgument('Acme', 'Acme')).toBe('Acme');
  });

  it('refuses two different names, or none', () => {
    expect(() => tenantNameArgument('Acme', 'Initech')).toThrow(WharfInputError);
    expect(() => tenantNameArgument(undefined, undefined)).toThrow(
      new WharfInputError('name', 'is required, e.g. --name "Acme staging"'),
    );
  });
});
