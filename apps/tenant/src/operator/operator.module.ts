import { Module } from '@nestjs/common';
import { OperatorTokenBootstrap } from './operator-token.bootstrap';
import { OperatorTokenController } from './operator-token.controller';
import { RotateOperatorTokenUseCase } from './usecases/rotate-operator-token/rotate-operator-token.usecase';

@Module({
  controllers: [OperatorTokenController],
  providers: [OperatorTokenBootstrap, RotateOperatorTokenUseCase],
})
export class OperatorModule {}
