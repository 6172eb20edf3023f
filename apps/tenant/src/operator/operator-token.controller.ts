import { Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { RequestScope, Requires, Scope } from '@wharf/auth';
import { RotatedOperatorTokenView } from './dtos/rotated-operator-token.view';
import { RotateOperatorTokenCommand } from './usecases/rotate-operator-token/rotate-operator-token.command';
import { RotateOperatorTokenUseCase } from './usecases/rotate-operator-token/rotate-operator-token.usecase';

@ApiTags('operator')
@ApiBearerAuth()
@Controller('api/v1/operator/token')
export class OperatorTokenController {
  constructor(private readonly rotateOperatorToken: RotateOperatorTokenUseCase) {}

  @Post('rotate')
  @Requires('operator:rotate')
  @ApiCreatedResponse({
    type: RotatedOperatorTokenView,
    description: 'Operator token only. The token that asked stops working; 409 if it is no longer the current one.',
  })
  rotate(@Scope() scope: RequestScope): Promise<RotatedOperatorTokenView> {
    return this.rotateOperatorToken.execute(new RotateOperatorTokenCommand(scope));
  }
}
