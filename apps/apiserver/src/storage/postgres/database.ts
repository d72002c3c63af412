import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../../../../generated/prisma/client.js';

// BIGINT (resourceVersions) as JS numbers: exact up to 2^53, far beyond any realistic version.
pg.types.setTypeParser(20, (v: string) => Number(v));

/** One pool per process, shared by Prisma and the raw-SQL hot paths. */
export class Database {
  readonly pool: pg.Pool;
  readonly prisma: PrismaClient;

  constructor(
    readonly url: string,
    max = 10,
  ) {
    this.pool = new pg.Pool({ connectionString: url, max, application_name: 'kube-on-postgres' });
    // An idle client erroring (server restart) must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
    // Nor a checked-out one (the pool listens only while a client is idle): a terminated backend
    // under a paged list or a transaction fails that request's query instead, and the code that
    // checked the client out releases it with the error so that the pool discards it.
    this.pool.on('connect', (client) => {
      client.on('error', () => undefined);
    });
    this.prisma = new PrismaClient({ adapter: new PrismaPg(this.pool) });
  }

  async close(): Promise<void> {
    await this.prisma.$disconnect().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}
