import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { TenantSlugPipe } from '../tenants/tenant-slug.pipe';
import { CreateTokenDto } from './dtos/create-token.dto';
import { CreatedTokenView } from './dtos/created-token.view';
import { TokenView } from './dtos/token.view';
import { TokenIdPipe } from './token-id.pipe';
import { CreateTokenCommand } from './usecases/create-token/create-token.command';
import { CreateTokenUseCase } from './usecases/create-token/create-token.usecase';
import { ListTokensCommand } from './usecases/list-tokens/list-tokens.command';
import { ListTokensUseCase } from './usecases/list-tokens/list-tokens.usecase';
import { RevokeTokenCommand } from './usecases/revoke-token/revoke-token.command';
import { RevokeTokenUseCase } from './usecases/revoke-token/revoke-token.usecase';

/** Token management: the operator token, or an admin token of the tenant not bound to a namespace. */
@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/v1/tenants/:tenant/tokens')
export class TokensController {
  constructor(
    private readonly createToken: CreateTokenUseCase,
    private readonly listTokens: ListTokensUseCase,
    private readonly revokeToken: RevokeTokenUseCase,
  ) {}

  @Post()
  @Requires('tokens:manage')
  @ApiCreatedResponse({ type: CreatedTokenView, description: '409 when the tenant is archived.' })
  create(
    @Scope() scope: RequestScope,
    @Param('tenant', TenantSlugPipe) tenant: string,
    @Body() body: CreateTokenDto,
  ): Promise<CreatedTokenView> {
    return this.createToken.execute(
      new CreateTokenCommand(
        scope,
        tenant,
        body.name,
        body.role,
        body.namespace ?? undefined,
        body.expiresAt ?? undefined,
      ),
    );
  }

  @Get()
  @Requires('tokens:manage')
  @ApiOkResponse({ type: [TokenView] })
  list(@Scope() scope: RequestScope, @Param('tenant', TenantSlugPipe) tenant: string): Promise<TokenView[]> {
    return this.listTokens.execute(new ListTokensCommand(scope, tenant));
  }

  @Delete(':tokenId')
  @Requires('tokens:manage')
  @ApiOkResponse({ type: TokenView, description: 'Revokes the token; revoking it again changes nothing (200).' })
  revoke(
    @Scope() scope: RequestScope,
    @Param('tenant', TenantSlugPipe) tenant: string,
    @Param('tokenId', TokenIdPipe) tokenId: string,
  ): Promise<TokenView> {
    return this.revokeToken.execute(new RevokeTokenCommand(scope, tenant, tokenId));
  }
}
