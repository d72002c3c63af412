import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../testing/test-server.js';
import { Api, names } from './lib/api.js';

// Each test is named with the upstream conformance codename it covers; a test carries a codename
// only when it asserts every MUST of that behaviour's description.

let t: TestServer;
let api: Api;
before(async () => {
  t = await startTestServer();
  api = new Api(t.url);
});
after(async () => {
  await t.stop();
});

type List = {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: Array<{ metadata: { name: string; labels?: Record<string, string> } }>;
};

describe('sig-api-machinery', () => {
  it('[sig-api-machinery] server version should find the server version [Conformance]', async () => {
    const v = (await api.get<{ major: string; minor: string }>('/version')).body;
    assert.match(v.major, /^\d+$/);
    assert.match(v.minor, /^\d+$/);
  });

  it('[sig-api-machinery] Discovery should validate PreferredVersion for each APIGroup [Conformance]', async () => {
    const groups = (
      await api.get<{
        groups: Array<{
          name: string;
          versions: Array<{ groupVersion: string }>;
          preferredVersion: { groupVersion: string; version: string };
        }>;
      }>('/apis')
    ).body.groups;
    assert.ok(groups.length > 5);
    for (const g of groups) {
      assert.ok(
        g.versions.some((v) => v.groupVersion === g.preferredVersion.groupVersion),
        g.name,
      );
      assert.equal(g.preferredVersion.groupVersion, `${g.name}/${g.preferredVersion.version}`);
    }
  });

  it('[sig-api-machinery] Discovery should locate the groupVersion and a resource within each APIGroup [Conformance]', async () => {
    const groups = (await api.get<{ groups: Array<{ name: string; versions: Array<{ groupVersion: string }> }> }>('/apis')).body.groups;
    for (const g of groups) {
      for (const v of g.versions) {
        const rl = await api.get<{ groupVersion: string; resources: Array<{ name: string; kind: string; verbs: string[] }> }>(
          `/apis/${v.groupVersion}`,
        );
        assert.equal(rl.status, 200);
        assert.equal(rl.body.groupVersion, v.groupVersion);
        assert.ok(
          rl.body.resources.some((r) => !r.name.includes('/') && r.kind && r.verbs.length > 0),
          v.groupVersion,
        );
      }
    }
  });

  const AGG = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
  it('[sig-api-machinery] AggregatedDiscovery should support aggregated discovery interface [Conformance]', async () => {
    const legacy = await api.get<{ items: Array<{ versions: Array<{ resources: Array<{ resource: string }> }> }> }>('/api', AGG);
    const groups = await api.get<{
      items: Array<{ metadata: { name: string }; versions: Array<{ version: string; resources: Array<{ resource: string }> }> }>;
    }>('/apis', AGG);
    const core = legacy.body.items[0]!.versions[0]!.resources.map((r) => r.resource);
    for (const r of ['pods', 'services', 'configmaps', 'secrets', 'namespaces', 'nodes', 'events']) assert.ok(core.includes(r), r);
    const apps = groups.body.items.find((i) => i.metadata.name === 'apps')!.versions[0]!.resources.map((r) => r.resource);
    for (const r of ['deployments', 'replicasets', 'statefulsets', 'daemonsets']) assert.ok(apps.includes(r), r);
    const all = groups.body.items.map((i) => i.metadata.name);
    for (const g of [
      'batch',
      'autoscaling',
      'coordination.k8s.io',
      'rbac.authorization.k8s.io',
      'networking.k8s.io',
      'policy',
      'storage.k8s.io',
    ])
      assert.ok(all.includes(g), g);
  });

  it('[sig-api-machinery] AggregatedDiscovery should support raw aggregated discovery endpoint Accept headers [Conformance]', async () => {
    for (const accept of [AGG, 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList', `${AGG},application/json`]) {
      const r = await api.get<{ kind: string; items: Array<{ metadata: { name: string } }> }>('/apis', accept);
      assert.equal(r.status, 200);
      assert.equal(r.body.kind, 'APIGroupDiscoveryList');
      assert.ok(r.body.items.some((i) => i.metadata.name === 'apps'));
      assert.match(String(r.headers.get('content-type')), /as=APIGroupDiscoveryList/);
    }
    const plain = await api.get<{ kind: string }>('/apis', 'application/json');
    assert.equal(plain.body.kind, 'APIGroupList');
  });

  it('[sig-api-machinery] Servers with support for API chunking should return chunks of results for list calls [Conformance]', async () => {
    await api.ok('POST', '/api/v1/namespaces', { metadata: { name: 'chunking' } });
    const total = 40;
    await Promise.all(
      Array.from({ length: total }, (_, i) =>
        api.ok('POST', '/api/v1/namespaces/chunking/podtemplates', {
          metadata: { name: `template-${String(i).padStart(4, '0')}` },
          template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } },
        }),
      ),
    );
    const limit = 7;
    let cont = '';
    let seen = 0;
    let firstRv = '';
    do {
      const page = (await api.get<List>(`/api/v1/namespaces/chunking/podtemplates?limit=${limit}${cont ? `&continue=${cont}` : ''}`)).body;
      assert.ok(page.items.length <= limit);
      seen += page.items.length;
      if (!firstRv) firstRv = page.metadata.resourceVersion;
      else assert.equal(page.metadata.resourceVersion, firstRv);
      cont = page.metadata.continue ?? '';
      if (cont) assert.equal(page.metadata.remainingItemCount, total - seen);
      else assert.equal(page.metadata.remainingItemCount, undefined);
    } while (cont);
    assert.equal(seen, total);
    const all = (await api.get<List>('/api/v1/namespaces/chunking/podtemplates')).body;
    assert.equal(all.items.length, total);
    assert.equal(all.metadata.continue, undefined);
  });

  it('[sig-api-machinery] Watchers should observe add, update, and delete watch notifications on configmaps [Conformance]', async () => {
    await api.ok('POST', '/api/v1/namespaces', { metadata: { name: 'watch-a' } });
    const base = '/api/v1/namespaces/watch-a/configmaps';
    const wa = api.watch(`${base}?watch=1&labelSelector=watch-this-configmap%3Dmultiple-watchers-A`);
    const wb = api.watch(`${base}?watch=1&labelSelector=watch-this-configmap%3Dmultiple-watchers-B`);
    const wab = api.watch(`${base}?watch=1&labelSelector=watch-this-configmap%20in%20(multiple-watchers-A,multiple-watchers-B)`);
    await Promise.all([wa.opened, wb.opened, wab.opened]);
    const mk = (name: string, label: string) => api.ok('POST', base, { metadata: { name, labels: { 'watch-this-configmap': label } } });
    await mk('cm-a', 'multiple-watchers-A');
    await api.mergePatch(`${base}/cm-a`, { data: { mutation: '1' } });
    await api.mergePatch(`${base}/cm-a`, { data: { mutation: '2' } });
    await api.ok('DELETE', `${base}/cm-a`);
    await mk('cm-b', 'multiple-watchers-B');
    await api.ok('DELETE', `${base}/cm-b`);
    const a = await wa.take(4);
    const b = await wb.take(2);
    const ab = await wab.take(6);
    await new Promise((r) => setTimeout(r, 200));
    for (const w of [wa, wb, wab]) w.stop();
    assert.deepEqual(
      a.map((e) => `${e.type} ${e.object.metadata.name}`),
      ['ADDED cm-a', 'MODIFIED cm-a', 'MODIFIED cm-a', 'DELETED cm-a'],
    );
    assert.deepEqual(
      b.map((e) => `${e.type} ${e.object.metadata.name}`),
      ['ADDED cm-b', 'DELETED cm-b'],
    );
    assert.equal(ab.length, 6);
    assert.equal(wa.events.length, 4, 'watcher A must not see B');
    assert.equal(wb.events.length, 2, 'watcher B must not see A');
  });

  it('[sig-api-machinery] Watchers should be able to start watching from a specific resource version [Conformance]', async () => {
    await api.ok('POST', '/api/v1/namespaces', { metadata: { name: 'watch-b' } });
    const base = '/api/v1/namespaces/watch-b/configmaps';
    await api.ok('POST', base, { metadata: { name: 'cm' } });
    const first = await api.mergePatch<{ metadata: { resourceVersion: string } }>(`${base}/cm`, { data: { mutation: '1' } });
    await api.mergePatch(`${base}/cm`, { data: { mutation: '2' } });
    await api.ok('DELETE', `${base}/cm`);
    const w = api.watch(`${base}?watch=1&resourceVersion=${first.metadata.resourceVersion}`);
    const evs = await w.take(2);
    await new Promise((r) => setTimeout(r, 200));
    w.stop();
    assert.deepEqual(
      evs.map((e) => e.type),
      ['MODIFIED', 'DELETED'],
    );
    assert.equal((evs[0]!.object as { data?: Record<string, string> }).data?.['mutation'], '2');
    assert.equal(w.events.length, 2);
  });

  it('[sig-api-machinery] Watchers should be able to restart watching from the last resource version observed by the previous watch [Conformance]', async () => {
    await api.ok('POST', '/api/v1/namespaces', { metadata: { name: 'watch-c' } });
    const base = '/api/v1/namespaces/watch-c/configmaps';
    const w1 = api.watch(`${base}?watch=1`);
    await w1.opened;
    await api.ok('POST', base, { metadata: { name: 'cm' } });
    await api.mergePatch(`${base}/cm`, { data: { mutation: '1' } });
    const before = await w1.take(2);
    w1.stop();
    const last = before[1]!.object.metadata.resourceVersion;
    await api.mergePatch(`${base}/cm`, { data: { mutation: '2' } });
    await api.ok('DELETE', `${base}/cm`);
    const w2 = api.watch(`${base}?watch=1&resourceVersion=${last}`);
    const after = await w2.take(2);
    w2.stop();
    assert.deepEqual(
      before.map((e) => e.type),
      ['ADDED', 'MODIFIED'],
    );
    assert.deepEqual(
      after.map((e) => e.type),
      ['MODIFIED', 'DELETED'],
    );
    assert.equal((after[0]!.object as { data?: Record<string, string> }).data?.['mutation'], '2');
  });

  it('[sig-api-machinery] Watchers should observe an object deletion if it stops meeting the requirements of the selector [Conformance]', async () => {
    await api.ok('POST', '/api/v1/namespaces', { metadata: { name: 'watch-d' } });
    const base = '/api/v1/namespaces/watch-d/configmaps';
    const w = api.watch(`${base}?watch=1&labelSelector=watch-this-configmap%3Dlabel-changed-and-restored`);
    await w.opened;
    await api.ok('POST', base, { metadata: { name: 'cm', labels: { 'watch-this-configmap': 'label-changed-and-restored' } } });
    await api.mergePatch(`${base}/cm`, { data: { mutation: '1' } });
    await api.mergePatch(`${base}/cm`, { metadata: { labels: { 'watch-this-configmap': 'wrong-value' } } });
    await api.mergePatch(`${base}/cm`, { data: { mutation: '2' } }); // not seen: out of the selector
    await api.mergePatch(`${base}/cm`, { metadata: { labels: { 'watch-this-configmap': 'label-changed-and-restored' } } });
    await api.mergePatch(`${base}/cm`, { data: { mutation: '3' } });
    await api.ok('DELETE', `${base}/cm`);
    const evs = await w.take(6);
    await new Promise((r) => setTimeout(r, 200));
    w.stop();
    assert.deepEqual(
      evs.map((e) => e.type),
      ['ADDED', 'MODIFIED', 'DELETED', 'ADDED', 'MODIFIED', 'DELETED'],
    );
    assert.equal(w.events.length, 6);
    assert.equal((evs[3]!.object as { data?: Record<string, string> }).data?.['mutation'], '2');
  });

  it('[sig-api-machinery] Watchers should receive events on concurrent watches in same order [Conformance]', async () => {
    await api.ok('POST', '/api/v1/namespaces', { metadata: { name: 'watch-e' } });
    const base = '/api/v1/namespaces/watch-e/configmaps';
    const start = (await api.get<List>(base)).body.metadata.resourceVersion;
    const writes = (async () => {
      for (let i = 0; i < 40; i++) {
        const name = `cm-${i % 5}`;
        const r = await api.call('POST', base, { metadata: { name } });
        if (r.status === 409) await api.ok('DELETE', `${base}/${name}`);
      }
    })();
    const first = api.watch(`${base}?watch=1&resourceVersion=${start}`);
    await writes;
    const evs = await first.take(40);
    first.stop();
    const rvs = evs.map((e) => e.object.metadata.resourceVersion);
    assert.equal(rvs.length, 40);
    // A watch started at each of the first events' versions sees exactly the rest, in the same order.
    for (const i of [0, 5, 17]) {
      const w = api.watch(`${base}?watch=1&resourceVersion=${rvs[i]}`);
      const got = await w.take(rvs.length - i - 1);
      w.stop();
      assert.deepEqual(
        got.map((e) => e.object.metadata.resourceVersion),
        rvs.slice(i + 1),
      );
    }
  });

  it('[sig-api-machinery] Namespaces [Serial] should patch a Namespace [Conformance]', async () => {
    await api.ok('POST', '/api/v1/namespaces', { metadata: { name: 'ns-patch' } });
    await api.mergePatch('/api/v1/namespaces/ns-patch', { metadata: { labels: { testLabel: 'testValue' } } });
    const ns = (await api.get<{ metadata: { labels: Record<string, string> } }>('/api/v1/namespaces/ns-patch')).body;
    assert.equal(ns.metadata.labels['testLabel'], 'testValue');
  });

  it('[sig-api-machinery] Namespaces [Serial] should apply an update to a Namespace [Conformance]', async () => {
    const ns = await api.ok<{ metadata: { labels?: Record<string, string> } }>('POST', '/api/v1/namespaces', {
      metadata: { name: 'ns-update' },
    });
    ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'e2e-test': 'updated' };
    await api.ok('PUT', '/api/v1/namespaces/ns-update', ns);
    const got = (await api.get<{ metadata: { labels: Record<string, string> } }>('/api/v1/namespaces/ns-update')).body;
    assert.equal(got.metadata.labels['e2e-test'], 'updated');
  });

  it('[sig-api-machinery] Namespaces [Serial] should apply changes to a namespace status [Conformance]', async () => {
    await api.ok('POST', '/api/v1/namespaces', { metadata: { name: 'ns-status' } });
    const st = (await api.get<{ status: { phase: string } }>('/api/v1/namespaces/ns-status/status')).body;
    assert.equal(st.status.phase, 'Active');
    const cond = { type: 'StatusPatch', status: 'True', reason: 'E2E', message: 'Patched by an e2e test' };
    const patched = await api.mergePatch<{ status: { conditions: Array<{ type: string; reason: string }> } }>(
      '/api/v1/namespaces/ns-status/status',
      { status: { conditions: [cond] } },
    );
    assert.equal(patched.status.conditions[0]!.reason, 'E2E');
    const cur = (await api.get<{ status: { conditions: Array<Record<string, string>> } }>('/api/v1/namespaces/ns-status')).body;
    cur.status.conditions = [{ type: 'StatusUpdate', status: 'True', reason: 'E2E', message: 'Updated by an e2e test' }];
    const updated = await api.ok<{ status: { conditions: Array<{ type: string }> } }>('PUT', '/api/v1/namespaces/ns-status/status', cur);
    assert.equal(updated.status.conditions[0]!.type, 'StatusUpdate');
    const final = (await api.get<{ status: { conditions: Array<{ type: string }> } }>('/api/v1/namespaces/ns-status')).body;
    assert.equal(final.status.conditions[0]!.type, 'StatusUpdate');
  });
});

describe('sig-node and sig-instrumentation API lifecycles', () => {
  it('[sig-node] Lease lease API should be available [Conformance]', async () => {
    const base = '/apis/coordination.k8s.io/v1/namespaces/default/leases';
    const spec = {
      holderIdentity: 'holder',
      leaseDurationSeconds: 30,
      acquireTime: '2026-01-01T00:00:00.000000Z',
      renewTime: '2026-01-01T00:00:00.000000Z',
      leaseTransitions: 0,
    };
    await api.ok('POST', base, { metadata: { name: 'lease' }, spec });
    assert.deepEqual((await api.get<{ spec: unknown }>(`${base}/lease`)).body.spec, spec);
    const cur = (await api.get<{ spec: Record<string, unknown> }>(`${base}/lease`)).body;
    cur.spec = { ...cur.spec, holderIdentity: 'holder2', leaseTransitions: 1 };
    await api.ok('PUT', `${base}/lease`, cur);
    assert.equal((await api.get<{ spec: { holderIdentity: string } }>(`${base}/lease`)).body.spec.holderIdentity, 'holder2');
    await api.mergePatch(`${base}/lease`, { spec: { holderIdentity: 'holder3', leaseTransitions: 2 } });
    const patched = (await api.get<{ spec: { holderIdentity: string; leaseTransitions: number } }>(`${base}/lease`)).body.spec;
    assert.deepEqual([patched.holderIdentity, patched.leaseTransitions], ['holder3', 2]);
    await api.ok('POST', base, { metadata: { name: 'lease2', labels: { deletecollection: 'true' } }, spec });
    assert.deepEqual(names((await api.get<List>(base)).body), ['lease', 'lease2']);
    await api.ok('DELETE', `${base}?labelSelector=deletecollection%3Dtrue`);
    assert.deepEqual(names((await api.get<List>(base)).body), ['lease']);
    await api.ok('DELETE', `${base}/lease`);
    assert.equal((await api.get(`${base}/lease`)).status, 404);
  });

  it('[sig-node] ConfigMap should run through a ConfigMap lifecycle [Conformance]', async () => {
    const base = '/api/v1/namespaces/default/configmaps';
    await api.ok('POST', base, {
      metadata: { name: 'lifecycle', labels: { 'test-configmap-static': 'true' } },
      data: { valueName: 'value' },
    });
    await api.mergePatch(`${base}/lifecycle`, { metadata: { labels: { 'test-configmap': 'patched' } }, data: { valueName: 'value1' } });
    const got = (await api.get<{ data: Record<string, string>; metadata: { labels: Record<string, string> } }>(`${base}/lifecycle`)).body;
    assert.equal(got.data['valueName'], 'value1');
    assert.equal(got.metadata.labels['test-configmap'], 'patched');
    const all = (
      await api.get<List & { items: Array<{ data: Record<string, string> }> }>(
        '/api/v1/configmaps?labelSelector=test-configmap-static%3Dtrue',
      )
    ).body;
    assert.equal(all.items.length, 1);
    assert.equal(all.items[0]!.data['valueName'], 'value1');
    await api.ok('DELETE', `${base}?labelSelector=test-configmap-static%3Dtrue`);
    assert.equal((await api.get(`${base}/lifecycle`)).status, 404);
  });

  it('[sig-node] ConfigMap should fail to create ConfigMap with empty key [Conformance]', async () => {
    const r = await api.call('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'empty-key' }, data: { '': 'value' } });
    assert.equal(r.status, 422);
    assert.equal((await api.get('/api/v1/namespaces/default/configmaps/empty-key')).status, 404);
  });

  it('[sig-node] Secrets should fail to create secret due to empty secret key [Conformance]', async () => {
    const r = await api.call('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: 'empty-key' }, data: { '': 'dmFsdWU=' } });
    assert.equal(r.status, 422);
    assert.equal((await api.get('/api/v1/namespaces/default/secrets/empty-key')).status, 404);
  });

  it('[sig-node] Secrets should patch a secret [Conformance]', async () => {
    await api.ok('POST', '/api/v1/namespaces', { metadata: { name: 'secret-patch' } });
    const base = '/api/v1/namespaces/secret-patch/secrets';
    assert.equal((await api.get<List>(base)).body.items.length, 0);
    await api.ok('POST', base, {
      metadata: { name: 'sec', labels: { 'testsecret-constant': 'true' } },
      data: { key: Buffer.from('value').toString('base64') },
    });
    await api.mergePatch(`${base}/sec`, {
      metadata: { labels: { testsecret: 'true' } },
      data: { key: Buffer.from('value1').toString('base64') },
    });
    const got = (await api.get<{ data: Record<string, string>; metadata: { labels: Record<string, string> } }>(`${base}/sec`)).body;
    assert.equal(Buffer.from(got.data['key']!, 'base64').toString(), 'value1');
    assert.equal(got.metadata.labels['testsecret'], 'true');
    await api.ok('DELETE', `${base}?labelSelector=testsecret-constant%3Dtrue`);
    assert.equal((await api.get<List>(base)).body.items.length, 0);
  });

  for (const kind of ['configmaps', 'secrets'] as const) {
    const codename =
      kind === 'configmaps'
        ? '[sig-storage] ConfigMap should be immutable if `immutable` field is set [Conformance]'
        : '[sig-storage] Secrets should be immutable if `immutable` field is set [Conformance]';
    it(codename, async () => {
      const base = `/api/v1/namespaces/default/${kind}`;
      const v = (s: string) => (kind === 'secrets' ? Buffer.from(s).toString('base64') : s);
      await api.ok('POST', base, { metadata: { name: 'immutable' }, data: { k: v('1') } });
      await api.mergePatch(`${base}/immutable`, { data: { k: v('2') } });
      await api.mergePatch(`${base}/immutable`, { immutable: true });
      assert.equal((await api.call('PATCH', `${base}/immutable`, { data: { k: v('3') } }, 'application/merge-patch+json')).status, 422);
      assert.equal((await api.call('PATCH', `${base}/immutable`, { immutable: false }, 'application/merge-patch+json')).status, 422);
      await api.mergePatch(`${base}/immutable`, { metadata: { labels: { changed: 'yes' } } });
      await api.ok('DELETE', `${base}/immutable`);
    });
  }

  for (const [group, codeLifecycle, codeCollection] of [
    [
      '/api/v1',
      '[sig-instrumentation] Events should manage the lifecycle of an event [Conformance]',
      '[sig-instrumentation] Events should delete a collection of events [Conformance]',
    ],
    [
      '/apis/events.k8s.io/v1',
      '[sig-instrumentation] Events API should ensure that an event can be fetched, patched, deleted, and listed [Conformance]',
      '[sig-instrumentation] Events API should delete a collection of events [Conformance]',
    ],
  ] as const) {
    const core = group === '/api/v1';
    const event = (name: string, labels: Record<string, string> = {}) =>
      core
        ? {
            metadata: { name, labels },
            involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' },
            reason: 'Test',
            message: 'original',
            type: 'Normal',
            count: 1,
            source: { component: 'test' },
          }
        : {
            metadata: { name, labels },
            regarding: { kind: 'Pod', name: 'p', namespace: 'default' },
            reason: 'Test',
            note: 'original',
            type: 'Normal',
            action: 'Do',
            reportingController: 'test.io/ctl',
            reportingInstance: 'i',
            eventTime: '2026-01-01T00:00:00.000000Z',
          };
    it(codeLifecycle, async () => {
      const base = `${group}/namespaces/default/events`;
      await api.ok('POST', base, event('ev-life', { testevent: 'true' }));
      const found = (await api.get<List>(`${group}/events?labelSelector=testevent%3Dtrue`)).body;
      assert.equal(found.items.length, 1);
      const field = core ? 'message' : 'note';
      await api.mergePatch(`${base}/ev-life`, { [field]: 'patched' });
      assert.equal((await api.get<Record<string, unknown>>(`${base}/ev-life`)).body[field], 'patched');
      const cur = (await api.get<Record<string, unknown>>(`${base}/ev-life`)).body;
      const series = core
        ? { series: { count: 2, lastObservedTime: '2026-01-01T00:00:01.000000Z' } }
        : { series: { count: 2, lastObservedTime: '2026-01-01T00:00:01.000000Z' } };
      await api.ok('PUT', `${base}/ev-life`, { ...cur, ...series });
      assert.equal((await api.get<{ series: { count: number } }>(`${base}/ev-life`)).body.series.count, 2);
      await api.ok('DELETE', `${base}/ev-life`);
      assert.ok(!names((await api.get<List>(`${group}/events`)).body).includes('ev-life'));
    });
    it(codeCollection, async () => {
      const base = `${group}/namespaces/default/events`;
      for (const n of ['ev-c1', 'ev-c2', 'ev-c3']) await api.ok('POST', base, event(n, { testevent: 'collection' }));
      assert.equal((await api.get<List>(`${base}?labelSelector=testevent%3Dcollection`)).body.items.length, 3);
      await api.ok('DELETE', `${base}?labelSelector=testevent%3Dcollection`);
      assert.equal((await api.get<List>(`${base}?labelSelector=testevent%3Dcollection`)).body.items.length, 0);
    });
  }

  const podTemplate = (name: string, labels: Record<string, string> = {}) => ({
    metadata: { name, labels },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } },
  });
  it('[sig-node] PodTemplates should run the lifecycle of PodTemplates [Conformance]', async () => {
    const base = '/api/v1/namespaces/default/podtemplates';
    await api.ok('POST', base, podTemplate('pt-life', { 'podtemplate-static': 'true' }));
    await api.mergePatch(`${base}/pt-life`, { metadata: { labels: { podtemplate: 'patched' } } });
    assert.equal(
      (await api.get<{ metadata: { labels: Record<string, string> } }>(`${base}/pt-life`)).body.metadata.labels['podtemplate'],
      'patched',
    );
    const l = (await api.get<List>(`${base}?labelSelector=podtemplate-static%3Dtrue`)).body;
    assert.equal(l.items[0]?.metadata.labels?.['podtemplate'], 'patched');
    await api.ok('DELETE', `${base}/pt-life`);
    assert.equal((await api.get(`${base}/pt-life`)).status, 404);
  });
  it('[sig-node] PodTemplates should delete a collection of pod templates [Conformance]', async () => {
    const base = '/api/v1/namespaces/default/podtemplates';
    for (const n of ['pt-c1', 'pt-c2', 'pt-c3']) await api.ok('POST', base, podTemplate(n, { podtemplateset: 'true' }));
    assert.equal((await api.get<List>(`${base}?labelSelector=podtemplateset%3Dtrue`)).body.items.length, 3);
    await api.ok('DELETE', `${base}?labelSelector=podtemplateset%3Dtrue`);
    assert.equal((await api.get<List>(`${base}?labelSelector=podtemplateset%3Dtrue`)).body.items.length, 0);
  });
  it('[sig-node] PodTemplates should replace a pod template [Conformance]', async () => {
    const base = '/api/v1/namespaces/default/podtemplates';
    const created = await api.ok<{ metadata: { annotations?: Record<string, string> } }>('POST', base, podTemplate('pt-replace'));
    created.metadata.annotations = { updated: 'true' };
    await api.ok('PUT', `${base}/pt-replace`, created);
    assert.equal(
      (await api.get<{ metadata: { annotations: Record<string, string> } }>(`${base}/pt-replace`)).body.metadata.annotations['updated'],
      'true',
    );
  });

  it('[sig-scheduling] LimitRange should list, patch and delete a LimitRange by collection [Conformance]', async () => {
    await api.ok('POST', '/api/v1/namespaces', { metadata: { name: 'lr-a' } });
    await api.ok('POST', '/api/v1/namespaces', { metadata: { name: 'lr-b' } });
    const lr = (name: string) => ({
      metadata: { name, labels: { 'e2e-limitrange': 'true' } },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m' } }] },
    });
    await api.ok('POST', '/api/v1/namespaces/lr-a/limitranges', lr('limits'));
    await api.ok('POST', '/api/v1/namespaces/lr-b/limitranges', lr('limits'));
    assert.equal((await api.get<List>('/api/v1/limitranges?labelSelector=e2e-limitrange%3Dtrue')).body.items.length, 2);
    const p = await api.mergePatch<{ metadata: { labels: Record<string, string> }; spec: { limits: Array<{ default: { cpu: string } }> } }>(
      '/api/v1/namespaces/lr-a/limitranges/limits',
      {
        metadata: { labels: { patched: 'true' } },
        spec: { limits: [{ type: 'Container', default: { cpu: '1' } }] },
      },
    );
    assert.equal(p.metadata.labels['patched'], 'true');
    assert.equal(p.spec.limits[0]!.default.cpu, '1');
    await api.ok('DELETE', '/api/v1/namespaces/lr-a/limitranges?labelSelector=e2e-limitrange%3Dtrue');
    assert.equal((await api.get<List>('/api/v1/limitranges?labelSelector=e2e-limitrange%3Dtrue')).body.items.length, 1);
  });

  it('[sig-auth] ServiceAccounts should run through the lifecycle of a ServiceAccount [Conformance]', async () => {
    const base = '/api/v1/namespaces/default/serviceaccounts';
    const w = api.watch(`${base}?watch=1&labelSelector=test-sa-static%3Dtrue`);
    await w.opened;
    await api.ok('POST', base, { metadata: { name: 'sa-life', labels: { 'test-sa-static': 'true' } } });
    const added = await w.take(1);
    assert.equal(added[0]?.type, 'ADDED');
    assert.equal(added[0]?.object.metadata.labels?.['test-sa-static'], 'true');
    const patched = await api.mergePatch<{ automountServiceAccountToken: boolean }>(`${base}/sa-life`, {
      automountServiceAccountToken: false,
    });
    assert.equal(patched.automountServiceAccountToken, false);
    const l = (
      await api.get<{ items: Array<{ metadata: { name: string }; automountServiceAccountToken?: boolean }> }>(
        `${base}?labelSelector=test-sa-static%3Dtrue`,
      )
    ).body;
    assert.equal(l.items[0]?.automountServiceAccountToken, false);
    await api.ok('DELETE', `${base}/sa-life`);
    const evs = await w.take(3);
    w.stop();
    assert.equal(evs[2]?.type, 'DELETED');
  });
});
