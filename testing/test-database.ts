import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../apps/apiserver/src/storage/postgres/migrator.js';

/** The server tests create their databases on (set by scripts/run-tests.mjs). */
export function testServerUrl(): string {
  return process.env['KOP_TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file: tests never share state. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = testServerUrl();
  const name = `kop_t_${randomBytes(6).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = withDatabase(admin, name);
  await migrate(url);
  return {
    url,
    async drop() {
      const c2 = new pg.Client({ connectionString: admin });
      await c2.connect();
      await c2.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await c2.end();
    },
  };
}
