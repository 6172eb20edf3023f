import { Injectable, PipeTransform } from '@nestjs/common';
import { NameRuleError } from '@wharf/names';

const TOKEN_ID = /^[0-9a-f]{16}$/;

/**
 * Validates a `{tokenId}` route parameter: it becomes a subject token (`wharf.<tenant>._.token.<id>`),
 * so anything but a token id's shape is a 400 naming the rule, never a lookup.
 */
@Injectable()
export class TokenIdPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    if (typeof value !== 'string' || !TOKEN_ID.test(value)) {
      throw new NameRuleError('tokenId', 'must be 16 lower-case hexadecimal digits (the tokenId of a token)', value);
    }
    return value;
  }
}
