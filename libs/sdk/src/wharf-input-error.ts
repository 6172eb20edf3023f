/**
 * An argument the SDK refuses before sending it, named the way the service would name it. Names
 * (slugs, keys, actions) fail with @wharf/names' NameRuleError instead; both carry `field` and `rule`.
 */
export class WharfInputError extends Error {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`);
    this.name = 'WharfInputError';
  }
}
