import 'reflect-metadata';
import { runService } from '@wharf/service-kit';
import { TenantAppModule } from './tenant-app.module';

void runService('tenant', TenantAppModule);
