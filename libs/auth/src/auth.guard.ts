import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DEFAULT_NAMESPACE, nameRuleViolation, SYSTEM_TENANT } from '@wharf/names';
import { RequestScope } from './request-scope';
import { TokenDirectory } from './token-directory';

export const NAMESPACE_HEADER = 'x-wharf-namespace';
const PUBLIC_ROUTE = 'wharf:public';

/** Marks a route that needs no token (health, OpenAPI). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

interface ScopedRequest {
  headers: Record<string, string | string[] | undefined>;
  wharfScope?: RequestScope;
}

function unauthorized(message: string): HttpException {
  return new HttpException(
    {
      statusCode: 401,
      error: 'Unauthorized',
      message,
      field: 'authorization',
      rule: 'must be "Bearer <token>" with a valid, unrevoked Wharf token',
    },
    HttpStatus.UNAUTHORIZED,
  );
}

/** Authenticates every request except @Public() routes and attaches its RequestScope. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenDirectory,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic || context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<ScopedRequest>();
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) {
      throw unauthorized('missing bearer token');
    }
    const principal = await this.tokens.authenticate(header.slice('Bearer '.length).trim());
    if (principal === null) throw unauthorized('unknown or revoked token');
    const rawNamespace = request.headers[NAMESPACE_HEADER];
    const namespace = rawNamespace === undefined || rawNamespace === '' ? DEFAULT_NAMESPACE : rawNamespace;
    const violation = nameRuleViolation('namespace', namespace);
    if (violation !== null) {
      throw new HttpException(
        {
          statusCode: 400,
          error: 'Bad Request',
          message: `X-Wharf-Namespace ${violation}`,
          field: 'X-Wharf-Namespace',
          rule: violation,
        },
        HttpStatus.BAD_REQUEST,
      );
    }
    request.wharfScope = {
      tenant: principal.operator ? SYSTEM_TENANT : principal.tenant,
      namespace: namespace as string,
      actor: principal.tokenId,
      operator: principal.operator,
    };
    return true;
  }
}

/** The authenticated request's tenant, namespace and actor. */
export const Scope = createParamDecorator((_: unknown, context: ExecutionContext): RequestScope => {
  const scope = context.switchToHttp().getRequest<ScopedRequest>().wharfScope;
  if (!scope) throw new Error('Scope used on a @Public() route');
  return scope;
});
