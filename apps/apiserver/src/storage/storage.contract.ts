import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../registry/generic/strategy.interface.js';
import { StorageError, type Storage, type StoredEvent, type Watch } from './storage.interface.js';

/** Harness a backend provides to run the contract suite against itself. */
interface ContractHarness {
  storage(): Storage;
  /** Moves the compaction horizon to the current version. */
  compactNow(): Promise<void>;
}

function cm(name: string, data: Record<string, string> = {}, ns = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, uid: `uid-${name}` }, data };
}

const key = (name: string, ns = 'default') => ({ resource: 'configmaps', namespace: ns, name });

async function take(w: Watch, n: number, ms = 5000): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  const deadline = Date.now() + ms;
  while (out.length < n) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const ev = await Promise.race([w.next(), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), left))]);
    if (ev === 'timeout' || ev === undefined) break;
    out.push(ev);
  }
  return out;
}

function rvOf(o: KubeObject): number {
  return Number(o.metadata?.resourceVersion);
}

async function rejectsWith(p: Promise<unknown>, code: StorageError['code']): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof StorageError && e.code === code);
}

/** The one storage contract suite (after k8s.io/apiserver/pkg/storage/testing). */
export function storageContract(name: string, h: ContractHarness): void {
  describe(`storage contract: ${name}`, () => {
    it('create assigns a new, strictly increasing resourceVersion and get returns it', async () => {
      const s = h.storage();
      const a = await s.create(key('c-a'), cm('c-a', { x: '1' }));
      const b = await s.create(key('c-b'), cm('c-b'));
      assert.ok(rvOf(b) > rvOf(a));
      const got = await s.get(key('c-a'));
      assert.deepEqual(got?.['data'], { x: '1' });
      assert.equal(got?.metadata?.resourceVersion, a.metadata?.resourceVersion);
      assert.ok((await s.currentRv()) >= rvOf(b));
    });

    it('create of an existing key fails with AlreadyExists and changes nothing', async () => {
      const s = h.storage();
      const a = await s.create(key('c-dup'), cm('c-dup', { v: '1' }));
      await rejectsWith(s.create(key('c-dup'), cm('c-dup', { v: '2' })), 'AlreadyExists');
      assert.equal((await s.get(key('c-dup')))?.metadata?.resourceVersion, a.metadata?.resourceVersion);
    });

    it('dry-run create stores nothing', async () => {
      const s = h.storage();
      await s.create(key('c-dry'), cm('c-dry'), { dryRun: true });
      assert.equal(await s.get(key('c-dry')), undefined);
    });

    it('update with a stale resourceVersion is a Conflict; guaranteedUpdate never loses concurrent updates', async () => {
      const s = h.storage();
      const a = await s.create(key('c-cas'), cm('c-cas', { n: '0' }));
      await s.guaranteedUpdate(key('c-cas'), (o) => ({ ...o, data: { n: '1' } }), { expectRv: rvOf(a) });
      await rejectsWith(
        s.guaranteedUpdate(key('c-cas'), (o) => ({ ...o, data: { n: 'stale' } }), { expectRv: rvOf(a) }),
        'Conflict',
      );
      const inc = () =>
        s.guaranteedUpdate(key('c-cas'), (o) => {
          const d = o['data'] as Record<string, string>;
          return { ...o, data: { n: String(Number(d['n']) + 1) } };
        });
      await Promise.all(Array.from({ length: 20 }, inc));
      assert.deepEqual((await s.get(key('c-cas')))?.['data'], { n: '21' });
    });

    it('update and delete of a missing key are NotFound; delete honours uid and version preconditions', async () => {
      const s = h.storage();
      await rejectsWith(
        s.guaranteedUpdate(key('c-none'), (o) => o),
        'NotFound',
      );
      await rejectsWith(s.delete(key('c-none')), 'NotFound');
      const a = await s.create(key('c-del'), cm('c-del'));
      await rejectsWith(s.delete(key('c-del'), { expectUid: 'other' }), 'UidMismatch');
      await rejectsWith(s.delete(key('c-del'), { expectRv: rvOf(a) - 1 }), 'Conflict');
      const gone = await s.delete(key('c-del'), { expectUid: 'uid-c-del', expectRv: rvOf(a) });
      assert.ok(rvOf(gone) > rvOf(a));
      assert.equal(await s.get(key('c-del')), undefined);
    });

    it('list returns one namespace or all, in key order, consistent at a version; pages continue at that snapshot', async () => {
      const s = h.storage();
      for (const n of ['l-3', 'l-1', 'l-2']) await s.create(key(n, 'ns-list'), cm(n, {}, 'ns-list'));
      await s.create(key('l-x', 'ns-other'), cm('l-x', {}, 'ns-other'));
      const all = await s.list('configmaps', 'ns-list');
      assert.deepEqual(
        all.items.map((o) => o.metadata?.name),
        ['l-1', 'l-2', 'l-3'],
      );
      const p1 = await s.list('configmaps', 'ns-list', { limit: 2 });
      assert.deepEqual(
        p1.items.map((o) => o.metadata?.name),
        ['l-1', 'l-2'],
      );
      assert.equal(p1.remaining, 1);
      assert.ok(p1.next);
      // Changes after the first page are invisible to the following pages.
      await s.delete(key('l-3', 'ns-list'));
      await s.create(key('l-4', 'ns-list'), cm('l-4', {}, 'ns-list'));
      const p2 = await s.list('configmaps', 'ns-list', { limit: 2, after: p1.next, atRv: p1.rv });
      assert.deepEqual(
        p2.items.map((o) => o.metadata?.name),
        ['l-3'],
      );
      assert.equal(p2.next, undefined);
      const everywhere = await s.list('configmaps', undefined);
      assert.ok(everywhere.items.some((o) => o.metadata?.namespace === 'ns-other'));
    });

    it('watch from a version delivers every later change once, in order, with the previous object on DELETED', async () => {
      const s = h.storage();
      const start = await s.currentRv();
      const w = await s.watch({ resource: 'configmaps', namespace: 'ns-w', fromRv: start });
      const a = await s.create(key('w-a', 'ns-w'), cm('w-a', { v: '1' }, 'ns-w'));
      await s.guaranteedUpdate(key('w-a', 'ns-w'), (o) => ({ ...o, data: { v: '2' } }));
      await s.create(key('w-other', 'ns-elsewhere'), cm('w-other', {}, 'ns-elsewhere'));
      await s.delete(key('w-a', 'ns-w'));
      const evs = await take(w, 3);
      w.stop();
      assert.deepEqual(
        evs.map((e) => e.type),
        ['ADDED', 'MODIFIED', 'DELETED'],
      );
      assert.equal(evs[0]!.rv, rvOf(a));
      assert.deepEqual(evs[2]!.object['data'], { v: '2' });
      assert.ok(evs[0]!.rv < evs[1]!.rv && evs[1]!.rv < evs[2]!.rv);
    });

    it('watch without a version starts with the current state as ADDED events', async () => {
      const s = h.storage();
      await s.create(key('i-1', 'ns-init'), cm('i-1', {}, 'ns-init'));
      await s.create(key('i-2', 'ns-init'), cm('i-2', {}, 'ns-init'));
      const w = await s.watch({ resource: 'configmaps', namespace: 'ns-init' });
      const evs = await take(w, 2);
      w.stop();
      assert.deepEqual(
        evs.map((e) => `${e.type} ${e.object.metadata?.name}`),
        ['ADDED i-1', 'ADDED i-2'],
      );
    });

    it('a watch with a filter sees an object leaving the selection as DELETED', async () => {
      const s = h.storage();
      await s.create(key('f-1', 'ns-f'), {
        ...cm('f-1', {}, 'ns-f'),
        metadata: { name: 'f-1', namespace: 'ns-f', uid: 'u', labels: { app: 'x' } },
      });
      const from = await s.currentRv();
      const w = await s.watch({
        resource: 'configmaps',
        namespace: 'ns-f',
        fromRv: from,
        filter: (o) => o.metadata?.labels?.['app'] === 'x',
      });
      await s.guaranteedUpdate(key('f-1', 'ns-f'), (o) => ({ ...o, metadata: { ...o.metadata, labels: { app: 'y' } } }));
      await s.guaranteedUpdate(key('f-1', 'ns-f'), (o) => ({ ...o, metadata: { ...o.metadata, labels: { app: 'x' } } }));
      const evs = await take(w, 2);
      w.stop();
      assert.deepEqual(
        evs.map((e) => e.type),
        ['DELETED', 'ADDED'],
      );
    });

    it('a watch or a continue older than the compacted history is Expired', async () => {
      const s = h.storage();
      const old = await s.create(key('x-1', 'ns-x'), cm('x-1', {}, 'ns-x'));
      await s.create(key('x-2', 'ns-x'), cm('x-2', {}, 'ns-x'));
      const p1 = await s.list('configmaps', 'ns-x', { limit: 1 });
      await s.guaranteedUpdate(key('x-1', 'ns-x'), (o) => ({ ...o, data: { a: 'b' } }));
      await h.compactNow();
      // As upstream's cacher, the watch opens and ends at once with the reason (an ERROR event over HTTP).
      const expired = await s.watch({ resource: 'configmaps', fromRv: rvOf(old) - 1 });
      assert.equal(await expired.next(), undefined);
      assert.match(expired.endReason ?? '', /^too old resource version: /);
      await rejectsWith(s.list('configmaps', 'ns-x', { limit: 1, after: p1.next, atRv: p1.rv }), 'Expired');
      // After the relist, watching works again.
      const fresh = await s.list('configmaps', 'ns-x');
      assert.equal(fresh.items.length, 2);
      const w = await s.watch({ resource: 'configmaps', namespace: 'ns-x', fromRv: fresh.rv });
      await s.delete(key('x-2', 'ns-x'));
      const evs = await take(w, 1);
      w.stop();
      assert.equal(evs[0]?.type, 'DELETED');
    });
  });
}
