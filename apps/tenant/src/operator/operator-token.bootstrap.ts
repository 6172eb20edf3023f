import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventStore } from '@wharf/event-store';
import { ProjectionRunner } from '@wharf/projections';
import { InjectServiceConfig, ServiceConfig } from '@wharf/service-kit';
import { ensureOperatorToken } from './operator-token';

/** Creates the operator token the first time any tenant service starts against a stream. */
@Injectable()
export class OperatorTokenBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('OperatorToken');

  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
    @InjectServiceConfig() private readonly config: ServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Nest bootstraps global modules first, so the shared read-model lifecycle has started the
    // projection runner by now; waiting for it means the service answers with a complete read
    // model by the time the operator token is announced.
    await this.runner.catchUp();
    await ensureOperatorToken({ store: this.store, dataDir: this.config.dataDir, logger: this.logger });
  }
}
