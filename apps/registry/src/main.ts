import 'reflect-metadata';
import { runService } from '@wharf/service-kit';
import { RegistryAppModule } from './registry-app.module';

void runService('registry', RegistryAppModule);
