import { DynamicModule, Module } from '@nestjs/common';
import { TenantsModule } from '../tenants/tenants.module';
import { HistoryController } from './history.controller';
import { sealConfigFromEnv } from './seal-config';
import { SEAL_CONFIG, SealerService } from './sealer.service';
import { ListSealsUseCase } from './usecases/list-seals/list-seals.usecase';
import { VerifyHistoryUseCase } from './usecases/verify-history/verify-history.usecase';

/** Tamper evidence: the Sealer, and the routes that verify a tenant's history against its seals. */
@Module({})
export class HistoryModule {
  /** Reads WHARF_SEALING, WHARF_SEAL_INTERVAL_MS and WHARF_SEAL_MAX_EVENTS now: a bad value stops the service. */
  static forRoot(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: HistoryModule,
      imports: [TenantsModule],
      controllers: [HistoryController],
      providers: [
        { provide: SEAL_CONFIG, useValue: sealConfigFromEnv(env) },
        SealerService,
        VerifyHistoryUseCase,
        ListSealsUseCase,
      ],
    };
  }
}
