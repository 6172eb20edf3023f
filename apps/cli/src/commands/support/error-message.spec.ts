import { NameRuleError } from '@wharf/names';
import { WharfApiError, WharfConfigError, WharfConnectionError } from '@wharf/sdk';
import { errorMessage } from './error-message';

describe('errorMessage', () => {
  it('names the field and the rule of a rejected request', () => {
    const error = new WharfApiError(
      400,
      'key: may contain only lower-case letters',
      'Bad Request',
      'key',
      'may contain only lower-case letters',
    );
    expect(errorMessage(error)).toBe('invalid key (key: may contain only lower-case letters)');
  });

  it('keeps a message that says more than the rule, and adds field and rule', () => {
    const error = new WharfApiError(409, 'tenant "acme" already exists', 'Conflict', 'slug', 'must be unique');
    expect(errorMessage(error)).toBe('tenant "acme" already exists (slug: must be unique)');
  });

  it('does not repeat a rule the message already states', () => {
    const error = new WharfConfigError(
      'namespace',
      'must not be empty',
      'namespace "" (WHARF_NAMESPACE) is invalid: it must not be empty',
    );
    expect(errorMessage(error)).toBe('namespace "" (WHARF_NAMESPACE) is invalid: it must not be empty');
  });

  it('treats a local name check like the server’s', () => {
    expect(errorMessage(new NameRuleError('slug', 'must not be empty', ''))).toBe(
      'invalid slug (slug: must not be empty)',
    );
  });

  it('prints other errors as their message', () => {
    expect(errorMessage(new WharfApiError(404, 'run "r9" not found', 'Not Found'))).toBe('run "r9" not found');
    expect(errorMessage(new WharfConnectionError('http://127.0.0.1:8080', 'ECONNREFUSED'))).toContain(
      'cannot reach Wharf at http://127.0.0.1:8080',
    );
    expect(errorMessage('plain')).toBe('plain');
  });
});
