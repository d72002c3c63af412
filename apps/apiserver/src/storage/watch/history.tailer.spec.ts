import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../../../testing/test-database.js';
import { Database } from '../postgres/database.js';
import { PostgresStore } from '../postgres/postgres.store.js';
import type { StoredEvent } from '../storage.interface.js';
import { HistoryTailer } from './history.tailer.js';

let tdb: TestDatabase;
let db: Database;
let store: PostgresStore;

before(async () => {
  tdb = await createTestDatabase();
  db = new Database(tdb.url, 4);
  store = new PostgresStore(db);
});
after(async () => {
  await db.close();
  await tdb.drop();
});

const key = (name: string) => ({ resource: 'configmaps', namespace: 'default', name });

async function until(ms: number, check: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

describe('history tailer', () => {
  it('moves its cursor only after the sink took the changes: a sink that throws gets them again, none skipped', async () => {
    const from = await store.currentRv();
    const rvs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const o = await store.create(key(`t-${i}`), { metadata: { name: `t-${i}`, namespace: 'default', uid: `u-${i}` } });
      rvs.push(Number(o.metadata?.resourceVersion));
    }
    const got: StoredEvent[] = [];
    let failures = 0;
    const sink = (evs: StoredEvent[]) => {
      if (failures < 2) {
        failures++;
        throw new Error('downstream failure');
      }
      got.push(...evs);
    };
    const tailer = new HistoryTailer(store, from, sink, () => Promise.reject(new Error('no compaction here')), 100);
    await tailer.start();
    try {
      await until(15_000, () => got.length >= rvs.length);
      assert.equal(failures, 2);
      assert.deepEqual(
        got.map((e) => e.rv),
        rvs,
      );
      assert.equal(tailer.position, rvs[rvs.length - 1]);
      // Local hand-over: a throw leaves the cursor where it was and the table read delivers them.
      failures = 1;
      const more = await store.create(key('t-local'), { metadata: { name: 't-local', namespace: 'default', uid: 'u-local' } });
      const rv = Number(more.metadata?.resourceVersion);
      tailer.offerLocal((await store.readChanges(rv - 1, 1)).events);
      await until(15_000, () => got.some((e) => e.rv === rv));
      assert.deepEqual(
        got.map((e) => e.rv),
        [...rvs, rv],
      );
    } finally {
      await tailer.stop();
    }
  });
});
