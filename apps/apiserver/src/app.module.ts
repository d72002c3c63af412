import { Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ServerConfig } from './config/server.config.js';
import { ApiController } from './http/api.controller.js';
import { HealthChecks } from './http/health/health.checks.js';
import { HealthController } from './http/health/health.controller.js';
import { OpenApiService } from './http/openapi.service.js';
import { ResourceHandler } from './http/resource.handler.js';
import { GenericStore } from './registry/generic/generic.store.js';
import { BUILTIN_DEFINITIONS } from './registry/builtin.definitions.js';
import { ResourceRegistry } from './registry/resource.registry.js';
import { Compactor } from './storage/compaction/compactor.js';
import { Database } from './storage/postgres/database.js';
import { PostgresStore } from './storage/postgres/postgres.store.js';
import { WatchCache } from './storage/watch/watch.cache.js';

/** Owns the storage stack's lifetime: started before the server listens, stopped on shutdown. */
export class StorageStack implements OnApplicationShutdown {
  constructor(
    readonly db: Database,
    readonly backend: PostgresStore,
    readonly cache: WatchCache,
    readonly compactor: Compactor,
  ) {}

  static async start(config: ServerConfig): Promise<StorageStack> {
    const db = new Database(config.databaseUrl);
    const backend = new PostgresStore(db);
    const cache = new WatchCache(backend, config.databaseUrl);
    await cache.start();
    const compactor = new Compactor(backend, config.retentionSeconds * 1000, config.compactionIntervalSeconds * 1000);
    compactor.start();
    return new StorageStack(db, backend, cache, compactor);
  }

  async onApplicationShutdown(): Promise<void> {
    this.compactor.stop();
    await this.cache.stop();
    await this.db.close();
  }
}

@Module({})
export class ApiServerModule {
  static forRoot(config: ServerConfig, stack: StorageStack): DynamicModule {
    const registry = new ResourceRegistry(BUILTIN_DEFINITIONS);
    const store = new GenericStore(stack.cache);
    return {
      module: ApiServerModule,
      controllers: [HealthController, ApiController],
      providers: [
        { provide: ServerConfig, useValue: config },
        { provide: StorageStack, useValue: stack },
        { provide: HealthChecks, useValue: new HealthChecks(stack.db, stack.cache) },
        { provide: ResourceRegistry, useValue: registry },
        { provide: GenericStore, useValue: store },
        { provide: ResourceHandler, useValue: new ResourceHandler(registry, store) },
        { provide: OpenApiService, useValue: new OpenApiService(registry) },
      ],
    };
  }
}
