import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../../../../testing/test-database.js';
import { storageContract } from '../storage.contract.js';
import type { ChangeFeed, StoredEvent, Watch } from '../storage.interface.js';
import { WatchCache } from '../watch/watch.cache.js';
import { Database } from './database.js';
import { PostgresStore } from './postgres.store.js';

let tdb: TestDatabase;
/** The backend alone gets a database of its own: the contract suite uses the same keys and compacts everything. */
let backendTdb: TestDatabase;
let backendDb: Database;
let backendOnly: PostgresStore;
const opened: Array<{ db: Database; cache: WatchCache; store: PostgresStore }> = [];

async function open(): Promise<{ db: Database; cache: WatchCache; store: PostgresStore }> {
  const db = new Database(tdb.url);
  const store = new PostgresStore(db);
  const cache = new WatchCache({ storage: store, feed: store });
  await cache.start();
  const r = { db, cache, store };
  opened.push(r);
  return r;
}

let primary: { db: Database; cache: WatchCache; store: PostgresStore };

before(async () => {
  tdb = await createTestDatabase();
  primary = await open();
  backendTdb = await createTestDatabase();
  backendDb = new Database(backendTdb.url);
  backendOnly = new PostgresStore(backendDb);
});

after(async () => {
  for (const o of opened) {
    await o.cache.stop();
    await o.db.close();
  }
  await tdb.drop();
  await backendDb.close();
  await backendTdb.drop();
});

storageContract('postgres backend', {
  storage: () => backendOnly,
  compactNow: async () => {
    await backendOnly.compact(await backendOnly.currentRv());
  },
});

storageContract('postgres + watch cache', {
  storage: () => primary.cache,
  compactNow: async () => {
    await primary.store.compact(await primary.store.currentRv());
  },
});

describe('postgres ordering under concurrency', () => {
  it('K concurrent writers on two replicas: every watcher on either replica sees the same gapless, ordered history', async () => {
    const second = await open();
    const from = await primary.store.currentRv();
    const watches = await Promise.all(
      [primary.cache, second.cache, primary.cache, second.cache].map((c) => c.watch({ resource: 'secrets', fromRv: from })),
    );
    const writers = 16;
    const perWriter = 25;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const replica = w % 2 === 0 ? primary.cache : second.cache;
        for (let i = 0; i < perWriter; i++) {
          const name = `s-${w}-${i % 5}`;
          const key = { resource: 'secrets', namespace: 'default', name };
          if (i < 5) await replica.create(key, { metadata: { name, namespace: 'default', uid: name } });
          else await replica.guaranteedUpdate(key, (o) => ({ ...o, data: { i: String(i) } }));
        }
      }),
    );
    const history = await primary.store.readHistory(from, 100000, 'secrets');
    assert.equal(history.length, writers * perWriter);
    for (const w of watches) {
      const got: StoredEvent[] = [];
      while (got.length < history.length) {
        const ev = await Promise.race([w.next(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 5000))]);
        if (!ev) break;
        got.push(ev);
      }
      w.stop();
      assert.deepEqual(
        got.map((e) => `${e.rv}:${e.type}:${e.key.name}`),
        history.map((e) => `${e.rv}:${e.type}:${e.key.name}`),
      );
    }
  });

  it('a watch resuming from a version older than the memory window replays it from the history table', async () => {
    const db = new Database(tdb.url);
    const store = new PostgresStore(db);
    const small = new WatchCache({ storage: store, feed: store }, { historySize: 2 });
    await small.start();
    try {
      const from = await store.currentRv();
      for (let i = 0; i < 6; i++) {
        await store.create(
          { resource: 'leases', namespace: 'default', name: `l${i}` },
          { metadata: { name: `l${i}`, namespace: 'default', uid: `l${i}` } },
        );
      }
      assert.equal(await small.waitFor(await store.currentRv()), true);
      const w = await small.watch({ resource: 'leases', fromRv: from });
      const names: string[] = [];
      for (let i = 0; i < 6; i++) names.push((await w.next())?.key.name ?? 'none');
      w.stop();
      assert.deepEqual(names, ['l0', 'l1', 'l2', 'l3', 'l4', 'l5']);
    } finally {
      await small.stop();
      await db.close();
    }
  });
});

async function eventually<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('postgres backend watch', () => {
  it("sees another replica's writes; its watches share one LISTEN connection, given back when the last one ends", async () => {
    const listeners = async () =>
      (
        await backendDb.pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'kube-on-postgres-listen'",
        )
      ).rows[0]!.n;
    const otherDb = new Database(backendTdb.url);
    const other = new PostgresStore(otherDb);
    try {
      const from = await backendOnly.currentRv();
      const all = await backendOnly.watch({ resource: 'secrets', fromRv: from });
      const inB = await backendOnly.watch({ resource: 'secrets', namespace: 'b', fromRv: from });
      assert.equal(await eventually('one LISTEN connection', listeners, (n) => n === 1), 1);
      for (const ns of ['a', 'b']) {
        await other.create(
          { resource: 'secrets', namespace: ns, name: `s-${ns}` },
          { metadata: { name: `s-${ns}`, namespace: ns, uid: `s-${ns}` } },
        );
      }
      const next = (w: Watch) => Promise.race([w.next(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 10_000))]);
      assert.deepEqual([(await next(all))?.key.name, (await next(all))?.key.name], ['s-a', 's-b']);
      assert.equal((await next(inB))?.key.name, 's-b');
      all.stop();
      assert.equal(await listeners(), 1, 'still listening for the other watch');
      inB.stop();
      assert.equal(await eventually('no LISTEN connection', listeners, (n) => n === 0), 0);
    } finally {
      await otherDb.close();
    }
  });
});

describe('watch cache rings', () => {
  it("a watch resuming on a quiet resource is served from memory after other resources' changes filled the ring", async () => {
    const db = new Database(tdb.url);
    const store = new PostgresStore(db);
    // The real store, counting the history reads of one resource (a watch replaying from the table).
    let leaseReads = 0;
    const feed: ChangeFeed = {
      snapshot: () => store.snapshot(),
      readHistory: (from, limit, resource) => store.readHistory(from, limit, resource),
      readChanges: (from, limit, opts) => {
        if (opts?.resource === 'leases') leaseReads++;
        return store.readChanges(from, limit, opts);
      },
      listen: (onWake) => store.listen(onWake),
      get onCommitted() {
        return store.onCommitted;
      },
      set onCommitted(f) {
        store.onCommitted = f;
      },
    };
    const cache = new WatchCache({ storage: store, feed }, { historySize: 20 });
    await cache.start();
    try {
      const first = await store.create(
        { resource: 'leases', namespace: 'ring', name: 'l0' },
        { metadata: { name: 'l0', namespace: 'ring', uid: 'ring-l0' } },
      );
      for (let i = 0; i < 60; i++) {
        await store.create(
          { resource: 'configmaps', namespace: 'ring', name: `c${i}` },
          { metadata: { name: `c${i}`, namespace: 'ring', uid: `ring-c${i}` } },
        );
      }
      assert.equal(await cache.waitFor(await store.currentRv()), true);
      // With one ring for all resources, the configmaps pushed the window past l0 and this resume read the table.
      const w = await cache.watch({ resource: 'leases', namespace: 'ring', fromRv: Number(first.metadata?.resourceVersion) });
      const next = await store.create(
        { resource: 'leases', namespace: 'ring', name: 'l1' },
        { metadata: { name: 'l1', namespace: 'ring', uid: 'ring-l1' } },
      );
      const ev = await Promise.race([w.next(), new Promise<undefined>((r) => setTimeout(() => r(undefined), 10_000))]);
      w.stop();
      assert.equal(ev?.key.name, 'l1');
      assert.equal(ev?.rv, Number(next.metadata?.resourceVersion));
      assert.equal(leaseReads, 0);
    } finally {
      await cache.stop();
      await db.close();
    }
  });
});

describe('postgres write batches', () => {
  it('a write PostgreSQL rejects fails alone; the writes batched with it commit', async () => {
    const { store } = primary;
    // A namespace with a lone surrogate (the API validates namespaces, the storage does not) makes
    // the whole kop_write argument invalid jsonb.
    const namespaces = Array.from({ length: 50 }, (_, i) => (i === 25 ? 'bad\ud800' : 'iso'));
    // No await between the calls: the first writes go alone, the rest form one batch.
    const results = await Promise.allSettled(
      namespaces.map((namespace, i) => {
        const name = `iso-${i}`;
        return store.create({ resource: 'configmaps', namespace, name }, { metadata: { name, namespace, uid: name } });
      }),
    );
    const failed = namespaces.filter((_, i) => results[i]!.status === 'rejected');
    assert.deepEqual(failed, ['bad\ud800']);
    const listed = await store.list('configmaps', 'iso');
    assert.equal(listed.items.length, 49);
  });

  it('rows written before the exact column existed (exact NULL) read as before', async () => {
    const { store, db } = primary;
    const name = 'legacy';
    await db.pool.query(
      "SELECT kop_write(jsonb_build_array(jsonb_build_object('op', 'create', 'resource', 'configmaps', 'namespace', 'iso', 'name', $1::text, 'uid', 'u', 'data', $2::jsonb)))",
      [name, JSON.stringify({ metadata: { name, namespace: 'iso', uid: 'u' }, data: { k: '\\u0000 as text' } })],
    );
    const got = await store.get({ resource: 'configmaps', namespace: 'iso', name });
    assert.deepEqual(got?.data, { k: '\\u0000 as text' });
    const exact = await db.pool.query<{ exact: string | null }>("SELECT exact FROM objects WHERE name = 'legacy'");
    assert.equal(exact.rows[0]?.exact, null);
  });
});
