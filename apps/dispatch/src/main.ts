import 'reflect-metadata';
import { runService } from '@wharf/service-kit';
import { DispatchAppModule } from './dispatch-app.module';

void runService('dispatch', DispatchAppModule);
