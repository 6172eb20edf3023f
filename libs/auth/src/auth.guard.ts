import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  HttpException,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { decideAccess } from './access-decision';
import { Permission, REQUIRED_PERMISSION } from './permission';
import { REFUSAL_MESSAGES, TokenRefusal } from './principal';
import { RequestScope } from './request-scope';
import { TokenDirectory } from './token-directory';

export const NAMESPACE_HEADER = 'x-wharf-namespace';
export const TENANT_HEADER = 'x-wharf-tenant';
const PUBLIC_ROUTE = 'wharf:public';

/** Marks a route that needs no token (health, OpenAPI). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

interface ScopedRequest {
  headers: Record<string, string | string[] | undefined>;
  wharfScope?: RequestScope;
}

function unauthorized(refusal: TokenRefusal): HttpException {
  return new HttpException(
    {
      statusCode: 401,
      error: 'Unauthorized',
      message: REFUSAL_MESSAGES[refusal],
      field: 'authorization',
      rule: 'must be "Bearer <token>" with a valid, unexpired, unrevoked Wharf token of an active tenant',
    },
    401,
  );
}

function singleHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** The token of an `Authorization: Bearer <token>` header, or null when the header is not of that form. */
export function bearerToken(header: string | string[] | undefined): string | null {
  const value = singleHeader(header);
  return value === undefined || !value.startsWith('Bearer ') ? null : value.slice('Bearer '.length).trim();
}

/**
 * Authenticates every request except @Public() routes, decides access from the route's
 * @Requires() permission, and attaches the RequestScope. A route with neither is refused: nothing
 * is open by omission.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets);
    if (isPublic || context.getType() !== 'http') return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (permission === undefined) {
      throw new Error(
        `${context.getClass().name}.${context.getHandler().name} declares neither @Public() nor @Requires()`,
      );
    }
    const request = context.switchToHttp().getRequest<ScopedRequest>();
    const token = bearerToken(request.headers.authorization);
    if (token === null) throw unauthorized('missing');
    const authentication = await this.tokens.authenticate(token);
    if (!authentication.ok) throw unauthorized(authentication.refusal);
    const decision = decideAccess({
      principal: authentication.principal,
      permission,
      namespaceHeader: singleHeader(request.headers[NAMESPACE_HEADER]),
      tenantHeader: singleHeader(request.headers[TENANT_HEADER]),
    });
    if (!decision.granted) {
      const { statusCode, message, field, rule } = decision.refusal;
      throw new HttpException(
        { statusCode, error: statusCode === 400 ? 'Bad Request' : 'Forbidden', message, field, rule },
        statusCode,
      );
    }
    request.wharfScope = decision.scope;
    return true;
  }
}

/** The authenticated request's tenant, namespace and actor. */
export const Scope = createParamDecorator((_: unknown, context: ExecutionContext): RequestScope => {
  const scope = context.switchToHttp().getRequest<ScopedRequest>().wharfScope;
  if (!scope) throw new Error('Scope used on a @Public() route');
  return scope;
});
