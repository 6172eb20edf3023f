import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TokenEntity } from '@wharf/auth';
import { TenantsModule } from '../tenants/tenants.module';
import { TokenReadModel } from './token-read-model';
import { TokensController } from './tokens.controller';
import { CreateTokenUseCase } from './usecases/create-token/create-token.usecase';
import { ListTokensUseCase } from './usecases/list-tokens/list-tokens.usecase';
import { RevokeTokenUseCase } from './usecases/revoke-token/revoke-token.usecase';

@Module({
  imports: [TenantsModule, TypeOrmModule.forFeature([TokenEntity])],
  controllers: [TokensController],
  providers: [TokenReadModel, CreateTokenUseCase, ListTokensUseCase, RevokeTokenUseCase],
})
export class TokensModule {}
