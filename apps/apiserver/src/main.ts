import { Logger } from '@nestjs/common';
import { ServerConfig } from './config/server.config.js';
import { createApiServer } from './server.js';

/** The apiserver process: DATABASE_URL must be set (the launcher sets it for the embedded database). */
async function main(): Promise<void> {
  const config = ServerConfig.fromEnv();
  const server = await createApiServer(config);
  Logger.log(`kube-apiserver compatible API listening on ${server.url}`, 'apiserver');
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
