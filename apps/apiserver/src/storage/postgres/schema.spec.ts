import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../../testing/test-database.js';
import { Database } from './database.js';
import { defaultMigrationsDir, migrate } from './migrator.js';

/** Prisma scalar → the Postgres type the migration must have created for it. */
const PG_TYPES: Record<string, string> = { String: 'text', BigInt: 'bigint', Int: 'integer', Json: 'jsonb', 'Int@db.SmallInt': 'smallint' };

interface ModelColumn {
  column: string;
  type: string;
}

/** The tables and columns schema.prisma declares (its models with @@map). */
function prismaTables(schema: string): Map<string, ModelColumn[]> {
  const tables = new Map<string, ModelColumn[]>();
  for (const m of schema.matchAll(/model\s+\w+\s*\{([^}]*)\}/g)) {
    const body = m[1]!;
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1];
    if (!table) continue;
    const cols: ModelColumn[] = [];
    for (const line of body.split('\n')) {
      const f = /^\s*(\w+)\s+(\w+)(\??)\s*(.*)$/.exec(line);
      if (!f || line.trim().startsWith('@@') || line.trim().startsWith('//')) continue;
      const native = /@db\.(\w+)/.exec(f[4] ?? '')?.[1];
      const key = native ? `${f[2]}@db.${native}` : f[2]!;
      cols.push({ column: f[1]!, type: PG_TYPES[key] ?? key });
    }
    tables.set(table, cols);
  }
  return tables;
}

let tdb: TestDatabase;
before(async () => {
  tdb = await createTestDatabase();
});
after(async () => {
  await tdb.drop();
});

describe('schema.prisma is the source of truth', () => {
  it('the migrated database has exactly the tables and column types schema.prisma declares', async () => {
    const schemaFile = path.join(path.dirname(defaultMigrationsDir()), 'schema.prisma');
    const declared = prismaTables(readFileSync(schemaFile, 'utf8'));
    assert.ok(declared.size >= 3);
    const c = new pg.Client({ connectionString: tdb.url });
    await c.connect();
    try {
      for (const [table, cols] of declared) {
        const live = (
          await c.query<{ column_name: string; data_type: string }>(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
            [table],
          )
        ).rows.map((r) => ({ column: r.column_name, type: r.data_type }));
        assert.deepEqual(live, cols, `table ${table}`);
      }
    } finally {
      await c.end();
    }
  });

  it('migrations are recorded as prisma migrate does and applying them again is a no-op', async () => {
    assert.deepEqual(await migrate(tdb.url), []);
    const db = new Database(tdb.url);
    try {
      const rows = await db.prisma.$queryRaw<
        Array<{ migration_name: string }>
      >`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`;
      assert.ok(rows.some((r) => r.migration_name.endsWith('_init')));
      const meta = await db.prisma.storageMeta.findUnique({ where: { key: 'compacted' } });
      assert.equal(meta?.value, 0n);
    } finally {
      await db.close();
    }
  });
});
