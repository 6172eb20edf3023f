import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventStore } from '@wharf/event-store';
import { SealConfig } from './seal-config';
import { Sealer } from './sealer';

export const SEAL_CONFIG = Symbol('SEAL_CONFIG');

/** Runs the Sealer for the life of the tenant service (unless WHARF_SEALING=false). */
@Injectable()
export class SealerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Sealer');
  private sealer: Sealer | null = null;

  constructor(
    private readonly store: EventStore,
    @Inject(SEAL_CONFIG) private readonly config: SealConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.enabled) {
      this.logger.log('WHARF_SEALING=false: this instance appends no seals');
      return;
    }
    this.sealer = new Sealer(this.store, this.config);
    await this.sealer.start();
  }

  /** Before the event store closes: what was read is sealed, so a restart has less to read again. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.sealer?.stop();
  }
}
