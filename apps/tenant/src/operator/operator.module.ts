import { Module } from '@nestjs/common';
import { OperatorTokenBootstrap } from './operator-token.bootstrap';

@Module({ providers: [OperatorTokenBootstrap] })
export class OperatorModule {}
