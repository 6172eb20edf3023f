import { Injectable, PipeTransform } from '@nestjs/common';
import { assertName } from '@wharf/names';

/**
 * Validates a `{tenant}` route parameter against the tenant name rule: a malformed slug is a 400
 * naming the rule (it can name no tenant), never a lookup.
 */
@Injectable()
export class TenantSlugPipe implements PipeTransform<unknown, string> {
  transform(value: unknown): string {
    return assertName('tenant', value, 'tenant');
  }
}
