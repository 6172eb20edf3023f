import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequestScope, Scope } from '@wharf/auth';
import { TenantSlugPipe } from '../tenants/tenant-slug.pipe';
import { CreateTokenDto } from './dtos/create-token.dto';
import { CreatedTokenView } from './dtos/created-token.view';
import { TokenView } from './dtos/token.view';
import { CreateTokenCommand } from './usecases/create-token/create-token.command';
import { CreateTokenUseCase } from './usecases/create-token/create-token.usecase';
import { ListTokensCommand } from './usecases/list-tokens/list-tokens.command';
import { ListTokensUseCase } from './usecases/list-tokens/list-tokens.usecase';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/v1/tenants/:tenant/tokens')
export class TokensController {
  constructor(
    private readonly createToken: CreateTokenUseCase,
    private readonly listTokens: ListTokensUseCase,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedTokenView, description: 'Operator, or a token of the same tenant.' })
  create(
    @Scope() scope: RequestScope,
    @Param('tenant', TenantSlugPipe) tenant: string,
    @Body() body: CreateTokenDto,
  ): Promise<CreatedTokenView> {
    return this.createToken.execute(new CreateTokenCommand(scope, tenant, body.name));
  }

  @Get()
  @ApiOkResponse({ type: [TokenView] })
  list(@Scope() scope: RequestScope, @Param('tenant', TenantSlugPipe) tenant: string): Promise<TokenView[]> {
    return this.listTokens.execute(new ListTokensCommand(scope, tenant));
  }
}
