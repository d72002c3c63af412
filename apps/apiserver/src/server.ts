import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiServerModule, StorageStack } from './app.module.js';
import { ServerConfig } from './config/server.config.js';
import { MAX_BODY_BYTES } from './http/body.decoder.js';
import { HealthChecks } from './http/health/health.checks.js';
import { StatusFilter } from './http/status.filter.js';
import { bootstrapObjects } from './registry/bootstrap.objects.js';
import { migrate } from './storage/postgres/migrator.js';

export interface ApiServer {
  app: NestFastifyApplication;
  stack: StorageStack;
  config: ServerConfig;
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the apiserver: migrations, storage stack, Nest on Fastify with raw bodies (the resource
 * handler decodes JSON/YAML itself so limits and errors are upstream's), default namespaces.
 */
export async function createApiServer(config: ServerConfig, opts: { listen?: boolean; logger?: boolean } = {}): Promise<ApiServer> {
  await migrate(config.databaseUrl);
  const stack = await StorageStack.start(config);
  const adapter = new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES + 1024 });
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (_req, body, done) => done(null, body));
  const app = await NestFactory.create<NestFastifyApplication>(ApiServerModule.forRoot(config, stack), adapter, {
    bodyParser: false,
    logger: opts.logger === false ? false : ['error', 'warn'],
  });
  app.useGlobalFilters(new StatusFilter());
  app.enableShutdownHooks();
  await app.init();
  await fastify.ready();
  await bootstrapObjects(stack.cache);
  const health = app.get(HealthChecks);
  health.markBootstrapped();
  let url = '';
  if (opts.listen !== false) {
    await app.listen(config.port, config.bindAddress);
    const addr = fastify.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    url = `http://${config.bindAddress}:${port}`;
  }
  return {
    app,
    stack,
    config,
    url,
    async close() {
      health.markShuttingDown();
      await app.close();
    },
  };
}
