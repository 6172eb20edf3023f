import {
  Controller,
  DynamicModule,
  Get,
  Inject,
  Injectable,
  Logger,
  BeforeApplicationShutdown,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { MessagePattern } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthGuard, Public, TokenDirectory, TokenProjection, TokenUsage } from '@wharf/auth';
import { EventStore } from '@wharf/event-store';
import { openReadModel, Projection, ProjectionRunner } from '@wharf/projections';
import { ServiceConfig, serviceConfigFromEnv, ServiceName } from './service-config';

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');

export interface WharfServiceOptions {
  service: ServiceName;
  /** The service's own projections; the token projection every service needs is added here. */
  projections: readonly Projection[];
  /** Bump when any table changes: a database of another version is rebuilt at start-up. */
  schemaVersion: number;
  /** Subject filter of the read model's consumer when it needs only part of the stream. */
  filterSubject?: string;
}

@Injectable()
class ReadModelLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('ReadModel');

  constructor(
    private readonly runner: ProjectionRunner,
    private readonly store: EventStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const target = await this.runner.streamTarget();
    await this.runner.start();
    if (this.runner.appliedSeq < target) {
      this.logger.log(`catching up from sequence ${this.runner.appliedSeq} to ${target}`);
    }
    await this.runner.waitFor(target, 600_000);
  }

  /**
   * Before any `onApplicationShutdown` hook: TypeORM closes the database in its own, and stopping
   * the runner may still write a checkpoint.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

function adminControllerFor(service: ServiceName): new (...args: never[]) => unknown {
  @Controller()
  class AdminController {
    constructor(private readonly runner: ProjectionRunner) {}

    @MessagePattern(`wharf-admin.${service}.rebuild`)
    rebuild(): Promise<{ events: number; ms: number }> {
      return this.runner.rebuild();
    }

    @MessagePattern(`wharf-admin.${service}.health`)
    health(): { service: string; appliedSeq: number } {
      return { service, appliedSeq: this.runner.appliedSeq };
    }

    @Public()
    @Get(`api/v1/health/${service}`)
    httpHealth(): { service: string; appliedSeq: number } {
      return this.health();
    }
  }
  return AdminController as never;
}

/**
 * Everything a Wharf service shares: its event store connection, its SQLite read model (with the
 * token projection), the projection runner that feeds it, token authentication on every route and
 * the admin request/reply handlers.
 */
@Module({})
export class WharfServiceModule {
  static forRoot(options: WharfServiceOptions): DynamicModule {
    const config = serviceConfigFromEnv(options.service);
    const projections = [new TokenProjection(), ...options.projections];
    const entities = projections.flatMap((p) => p.entities);
    const readModelName = options.service;
    return {
      module: WharfServiceModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ type: 'better-sqlite3', database: config.sqliteFile, entities: [...entities] }),
          dataSourceFactory: async () =>
            (
              await openReadModel({
                file: config.sqliteFile,
                driver: config.sqliteDriver,
                entities,
                name: readModelName,
                schemaVersion: options.schemaVersion,
              })
            ).dataSource,
        }),
      ],
      controllers: [adminControllerFor(options.service)],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        {
          provide: EventStore,
          useFactory: () => EventStore.connect({ name: `wharf-${config.service}-${config.instance}` }),
        },
        {
          provide: ProjectionRunner,
          inject: [EventStore, DataSource],
          useFactory: (store: EventStore, dataSource: DataSource) =>
            new ProjectionRunner({
              name: readModelName,
              consumer: `${config.service}-${config.instance}-projection`,
              store,
              dataSource,
              projections,
              schemaVersion: options.schemaVersion,
              filterSubject: options.filterSubject,
            }),
        },
        { provide: TokenUsage, inject: [EventStore], useFactory: (store: EventStore) => new TokenUsage(store) },
        {
          provide: TokenDirectory,
          inject: [DataSource, ProjectionRunner, TokenUsage],
          useFactory: (dataSource: DataSource, runner: ProjectionRunner, usage: TokenUsage) =>
            new TokenDirectory(dataSource, runner, usage),
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        ReadModelLifecycle,
      ],
      exports: [SERVICE_CONFIG, EventStore, ProjectionRunner, TokenDirectory, TokenUsage],
    };
  }
}

/** Injects the service's configuration. */
export const InjectServiceConfig = (): ParameterDecorator => Inject(SERVICE_CONFIG);
export type { ServiceConfig };
