import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { startTestServer, type TestServer } from '../testing/test-server.js';

let t: TestServer;
let kc: k8s.KubeConfig;
let core: k8s.CoreV1Api;
let apps: k8s.AppsV1Api;

before(async () => {
  t = await startTestServer();
  kc = new k8s.KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  core = kc.makeApiClient(k8s.CoreV1Api);
  apps = kc.makeApiClient(k8s.AppsV1Api);
});
after(async () => {
  await t.stop();
});

interface StatusBody {
  kind?: string;
  reason?: string;
  code?: number;
  message?: string;
}

/** Awaits a rejected client-node call and returns the ApiException's code and parsed Status body. */
async function apiError(p: Promise<unknown>): Promise<{ code: number; status: StatusBody }> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof k8s.ApiException, `expected ApiException, got ${String(e)}`);
    const raw: unknown = e.body;
    const status = (typeof raw === 'string' ? JSON.parse(raw) : raw) as StatusBody;
    return { code: e.code, status };
  }
  assert.fail('expected the call to be rejected');
}

async function namespace(name: string): Promise<string> {
  await core.createNamespace({ body: { metadata: { name } } });
  return name;
}

function cm(name: string, data: Record<string, string> = { a: '1' }, labels?: Record<string, string>): k8s.V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data };
}

function deployment(name: string, replicas = 2): k8s.V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] } },
    },
  };
}

/** Polls cond every 20 ms until true or the deadline passes. */
async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('client-node typed CRUD', () => {
  it('ConfigMap: create, read, stale replace → 409 Conflict, delete, read → 404', async () => {
    const ns = await namespace('cn-crud');
    const created = await core.createNamespacedConfigMap({ namespace: ns, body: cm('one', { k: 'v' }) });
    assert.equal(created.metadata?.name, 'one');
    assert.equal(created.metadata?.namespace, ns);
    assert.ok(created.metadata?.uid);
    assert.match(created.metadata?.resourceVersion ?? '', /^\d+$/);
    assert.ok(created.metadata?.creationTimestamp instanceof Date);

    const read = await core.readNamespacedConfigMap({ name: 'one', namespace: ns });
    assert.deepEqual(read.data, { k: 'v' });
    assert.equal(read.metadata?.uid, created.metadata?.uid);

    const updated = await core.replaceNamespacedConfigMap({ name: 'one', namespace: ns, body: { ...read, data: { k: 'v2' } } });
    assert.deepEqual(updated.data, { k: 'v2' });
    assert.notEqual(updated.metadata?.resourceVersion, read.metadata?.resourceVersion);

    const stale = await apiError(core.replaceNamespacedConfigMap({ name: 'one', namespace: ns, body: { ...read, data: { k: 'v3' } } }));
    assert.equal(stale.code, 409);
    assert.equal(stale.status.kind, 'Status');
    assert.equal(stale.status.reason, 'Conflict');
    assert.equal(stale.status.code, 409);

    const dup = await apiError(core.createNamespacedConfigMap({ namespace: ns, body: cm('one') }));
    assert.equal(dup.code, 409);
    assert.equal(dup.status.reason, 'AlreadyExists');

    await core.deleteNamespacedConfigMap({ name: 'one', namespace: ns });
    const gone = await apiError(core.readNamespacedConfigMap({ name: 'one', namespace: ns }));
    assert.equal(gone.code, 404);
    assert.equal(gone.status.reason, 'NotFound');
    assert.equal(gone.status.message, 'configmaps "one" not found');
  });

  it('Secret: data round-trips as base64, stringData is folded into data', async () => {
    const ns = await namespace('cn-secret');
    const pw = Buffer.from('s3cr3t\n\u0000bin').toString('base64');
    const created = await core.createNamespacedSecret({
      namespace: ns,
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'creds' },
        type: 'Opaque',
        data: { password: pw },
        stringData: { user: 'admin' },
      },
    });
    assert.equal(created.type, 'Opaque');
    const read = await core.readNamespacedSecret({ name: 'creds', namespace: ns });
    assert.equal(read.data?.['password'], pw);
    assert.equal(read.data?.['user'], Buffer.from('admin').toString('base64'));
    assert.equal(read.stringData, undefined);

    const stale = await apiError(
      core
        .replaceNamespacedSecret({ name: 'creds', namespace: ns, body: { ...created, data: { password: pw } } })
        .then(() => core.replaceNamespacedSecret({ name: 'creds', namespace: ns, body: { ...created, data: { x: 'eA==' } } })),
    );
    assert.equal(stale.code, 409);
    assert.equal(stale.status.reason, 'Conflict');

    await core.deleteNamespacedSecret({ name: 'creds', namespace: ns });
    const gone = await apiError(core.readNamespacedSecret({ name: 'creds', namespace: ns }));
    assert.equal(gone.code, 404);
    assert.equal(gone.status.reason, 'NotFound');
  });

  it('Deployment: create with defaults, read, stale replace → 409, delete, read → 404', async () => {
    const ns = await namespace('cn-deploy');
    const created = await apps.createNamespacedDeployment({ namespace: ns, body: deployment('web', 3) });
    assert.equal(created.spec?.replicas, 3);
    assert.equal(created.metadata?.generation, 1);
    assert.equal(created.spec?.strategy?.type, 'RollingUpdate');
    assert.equal(created.spec?.revisionHistoryLimit, 10);
    assert.equal(created.spec?.template.spec?.containers[0]?.image, 'nginx:1.27');

    const read = await apps.readNamespacedDeployment({ name: 'web', namespace: ns });
    assert.deepEqual(read.spec?.selector.matchLabels, { app: 'web' });
    assert.ok(read.spec);
    const replaced = await apps.replaceNamespacedDeployment({
      name: 'web',
      namespace: ns,
      body: { ...read, spec: { ...read.spec, replicas: 5 } },
    });
    assert.equal(replaced.spec?.replicas, 5);
    assert.equal(replaced.metadata?.generation, 2);

    const stale = await apiError(
      apps.replaceNamespacedDeployment({ name: 'web', namespace: ns, body: { ...read, spec: { ...read.spec, replicas: 7 } } }),
    );
    assert.equal(stale.code, 409);
    assert.equal(stale.status.reason, 'Conflict');

    await apps.deleteNamespacedDeployment({ name: 'web', namespace: ns });
    const gone = await apiError(apps.readNamespacedDeployment({ name: 'web', namespace: ns }));
    assert.equal(gone.code, 404);
    assert.equal(gone.status.reason, 'NotFound');
    assert.equal(gone.status.message, 'deployments.apps "web" not found');
  });
});

describe('client-node lists', () => {
  it('labelSelector and fieldSelector filter the list', async () => {
    const ns = await namespace('cn-select');
    await core.createNamespacedConfigMap({ namespace: ns, body: cm('a', {}, { tier: 'web', env: 'prod' }) });
    await core.createNamespacedConfigMap({ namespace: ns, body: cm('b', {}, { tier: 'db', env: 'prod' }) });
    await core.createNamespacedConfigMap({ namespace: ns, body: cm('c', {}, { tier: 'web', env: 'dev' }) });
    const names = (l: k8s.V1ConfigMapList) => l.items.map((i) => i.metadata?.name);

    assert.deepEqual(names(await core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'tier=web' })), ['a', 'c']);
    assert.deepEqual(names(await core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'tier=web,env!=dev' })), ['a']);
    assert.deepEqual(names(await core.listNamespacedConfigMap({ namespace: ns, labelSelector: 'env in (prod),tier notin (web)' })), ['b']);
    assert.deepEqual(names(await core.listNamespacedConfigMap({ namespace: ns, fieldSelector: 'metadata.name=b' })), ['b']);
    assert.deepEqual(names(await core.listNamespacedConfigMap({ namespace: ns, fieldSelector: 'metadata.name!=b' })), ['a', 'c']);
    const all = await core.listConfigMapForAllNamespaces({ fieldSelector: `metadata.namespace=${ns}`, labelSelector: 'env=prod' });
    assert.deepEqual(names(all), ['a', 'b']);
    const list = await core.listNamespacedConfigMap({ namespace: ns });
    assert.match(list.metadata?.resourceVersion ?? '', /^\d+$/);
  });

  it('limit and continue page through a list; the first page has remainingItemCount', async () => {
    const ns = await namespace('cn-page');
    for (const n of ['p1', 'p2', 'p3', 'p4', 'p5']) await core.createNamespacedConfigMap({ namespace: ns, body: cm(n) });
    const first = await core.listNamespacedConfigMap({ namespace: ns, limit: 2 });
    assert.deepEqual(
      first.items.map((i) => i.metadata?.name),
      ['p1', 'p2'],
    );
    assert.equal(first.metadata?.remainingItemCount, 3);
    assert.ok(first.metadata?._continue, 'first page has a continue token');

    // A write between pages does not show up: later pages are served at the first page's resourceVersion.
    await core.createNamespacedConfigMap({ namespace: ns, body: cm('p6') });
    const seen = first.items.map((i) => i.metadata?.name);
    let token: string | undefined = first.metadata?._continue;
    for (let i = 0; token && i < 10; i++) {
      const page = await core.listNamespacedConfigMap({ namespace: ns, limit: 2, _continue: token });
      assert.equal(page.metadata?.resourceVersion, first.metadata?.resourceVersion);
      seen.push(...page.items.map((x) => x.metadata?.name));
      token = page.metadata?._continue;
    }
    assert.deepEqual(seen, ['p1', 'p2', 'p3', 'p4', 'p5']);
    assert.ok(!token, 'last page has no continue token');
  });
});

describe('client-node informer', () => {
  it('sees add, update and delete in order, and keeps working after stop and start', async () => {
    const ns = await namespace('cn-informer');
    await core.createNamespacedConfigMap({ namespace: ns, body: cm('pre') });
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    const informer = k8s.makeInformer<k8s.V1ConfigMap>(kc, path, () => core.listNamespacedConfigMap({ namespace: ns }));
    const events: string[] = [];
    const errors: unknown[] = [];
    informer.on('add', (o) => events.push(`add ${o.metadata?.name} ${JSON.stringify(o.data)}`));
    informer.on('update', (o) => events.push(`update ${o.metadata?.name} ${JSON.stringify(o.data)}`));
    informer.on('delete', (o) => events.push(`delete ${o.metadata?.name}`));
    // client-node reports its own abort on stop() as an error; anything else is a real failure.
    informer.on('error', (e) => {
      if (!(e instanceof Error && e.name === 'AbortError')) errors.push(e);
    });
    try {
      await informer.start();
      await until(() => events.length >= 1, 'the initial list');
      assert.deepEqual(events, ['add pre {"a":"1"}']);

      const c = await core.createNamespacedConfigMap({ namespace: ns, body: cm('x', { v: '1' }) });
      await core.replaceNamespacedConfigMap({ name: 'x', namespace: ns, body: { ...c, data: { v: '2' } } });
      await core.deleteNamespacedConfigMap({ name: 'x', namespace: ns });
      await until(() => events.length >= 4, 'add/update/delete');
      assert.deepEqual(events.slice(1), ['add x {"v":"1"}', 'update x {"v":"2"}', 'delete x']);
      assert.deepEqual(
        informer.list(ns).map((o) => o.metadata?.name),
        ['pre'],
      );

      await informer.stop();
      // A change made while stopped is delivered when the informer resumes from its last resourceVersion.
      await core.createNamespacedConfigMap({ namespace: ns, body: cm('while-stopped') });
      await informer.start();
      await until(() => events.length >= 5, 'the change made while stopped');
      assert.equal(events[4], 'add while-stopped {"a":"1"}');

      await core.createNamespacedConfigMap({ namespace: ns, body: cm('after', { z: '1' }) });
      await core.deleteNamespacedConfigMap({ name: 'pre', namespace: ns });
      await until(() => events.length >= 7, 'events after restart');
      assert.deepEqual(events.slice(5), ['add after {"z":"1"}', 'delete pre']);
      assert.deepEqual(
        informer
          .list(ns)
          .map((o) => o.metadata?.name)
          .sort(),
        ['after', 'while-stopped'],
      );
      assert.deepEqual(errors, []);
    } finally {
      await informer.stop();
    }
  });
});

interface WatchEvent {
  type: string;
  name: string | undefined;
  rv: string;
  data: Record<string, string> | undefined;
  annotations: Record<string, string> | undefined;
}

function record(events: WatchEvent[]) {
  return (type: string, obj: unknown): void => {
    const o = obj as k8s.V1ConfigMap;
    events.push({
      type,
      name: o.metadata?.name,
      rv: o.metadata?.resourceVersion ?? '',
      data: o.data,
      annotations: o.metadata?.annotations,
    });
  };
}

describe('client-node raw Watch', () => {
  it('from a list resourceVersion delivers ADDED/MODIFIED/DELETED in order with increasing resourceVersions', async () => {
    const ns = await namespace('cn-watch');
    await core.createNamespacedConfigMap({ namespace: ns, body: cm('old') });
    const list = await core.listNamespacedConfigMap({ namespace: ns });
    const events: WatchEvent[] = [];
    let doneErr: unknown = 'not done';
    const ctl = await new k8s.Watch(kc).watch(
      `/api/v1/namespaces/${ns}/configmaps`,
      { resourceVersion: list.metadata?.resourceVersion },
      record(events),
      (err) => {
        doneErr = err;
      },
    );
    try {
      const c = await core.createNamespacedConfigMap({ namespace: ns, body: cm('w', { n: '1' }) });
      const u = await core.replaceNamespacedConfigMap({ name: 'w', namespace: ns, body: { ...c, data: { n: '2' } } });
      await core.deleteNamespacedConfigMap({ name: 'w', namespace: ns });
      await until(() => events.length >= 3, 'three watch events');
      assert.deepEqual(
        events.map((e) => `${e.type} ${e.name}`),
        ['ADDED w', 'MODIFIED w', 'DELETED w'],
      );
      assert.deepEqual(events[0]?.data, { n: '1' });
      assert.equal(events[0]?.rv, c.metadata?.resourceVersion);
      assert.equal(events[1]?.rv, u.metadata?.resourceVersion);
      assert.deepEqual(events[2]?.data, { n: '2' }, 'DELETED carries the last state');
      const rvs = events.map((e) => BigInt(e.rv));
      assert.ok(rvs[0]! > BigInt(list.metadata?.resourceVersion ?? '0'));
      assert.ok(rvs[0]! < rvs[1]! && rvs[1]! < rvs[2]!, `increasing resourceVersions: ${rvs.join(',')}`);
      assert.equal(doneErr, 'not done');
    } finally {
      ctl.abort();
    }
  });

  it('sendInitialEvents streams existing objects as ADDED, then a BOOKMARK marking the end of initial events', async () => {
    const ns = await namespace('cn-initial');
    await core.createNamespacedConfigMap({ namespace: ns, body: cm('i1') });
    await core.createNamespacedConfigMap({ namespace: ns, body: cm('i2') });
    const events: WatchEvent[] = [];
    let ended: unknown = undefined;
    const ctl = await new k8s.Watch(kc).watch(
      `/api/v1/namespaces/${ns}/configmaps`,
      { allowWatchBookmarks: true, sendInitialEvents: true, resourceVersionMatch: 'NotOlderThan' },
      record(events),
      (err) => {
        ended = err ?? 'closed';
      },
    );
    try {
      await until(() => ended !== undefined || events.some((e) => e.type === 'BOOKMARK'), 'the initial-events-end bookmark');
      assert.equal(ended, undefined, `the watch was refused or closed: ${String(ended)}`);
      const bookmark = events.findIndex((e) => e.type === 'BOOKMARK');
      assert.deepEqual(
        events
          .slice(0, bookmark)
          .map((e) => `${e.type} ${e.name}`)
          .sort(),
        ['ADDED i1', 'ADDED i2'],
      );
      const bm = events[bookmark]!;
      assert.equal(bm.annotations?.['k8s.io/initial-events-end'], 'true');
      assert.match(bm.rv, /^\d+$/);
      for (const e of events.slice(0, bookmark)) assert.ok(BigInt(e.rv) <= BigInt(bm.rv));

      await core.createNamespacedConfigMap({ namespace: ns, body: cm('i3') });
      await until(() => events.some((e) => e.name === 'i3'), 'the event after the bookmark');
      const i3 = events.find((e) => e.name === 'i3')!;
      assert.equal(i3.type, 'ADDED');
      assert.ok(BigInt(i3.rv) > BigInt(bm.rv));
    } finally {
      ctl.abort();
    }
  });

  it('timeoutSeconds=1 ends the watch from the server side', async () => {
    const ns = await namespace('cn-timeout');
    const started = Date.now();
    const finished = new Promise<unknown>((resolve) => {
      void new k8s.Watch(kc).watch(`/api/v1/namespaces/${ns}/configmaps`, { timeoutSeconds: 1 }, () => undefined, resolve);
    });
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), 3500).unref());
    const err = await Promise.race([finished, timeout]);
    assert.notEqual(err, 'timeout', 'the watch did not end within 3.5 s');
    assert.equal(err, null, 'the watch ended cleanly');
    assert.ok(Date.now() - started >= 900, 'the watch did not end before its timeout');
  });
});

describe('client-node deletecollection and subresources', () => {
  it('deleteCollectionNamespacedConfigMap removes only the selected objects', async () => {
    const ns = await namespace('cn-delcol');
    await core.createNamespacedConfigMap({ namespace: ns, body: cm('d1', {}, { drop: 'yes' }) });
    await core.createNamespacedConfigMap({ namespace: ns, body: cm('d2', {}, { drop: 'yes' }) });
    await core.createNamespacedConfigMap({ namespace: ns, body: cm('k1', {}, { drop: 'no' }) });
    await core.createNamespacedConfigMap({ namespace: ns, body: cm('k2') });
    const other = await namespace('cn-delcol-other');
    await core.createNamespacedConfigMap({ namespace: other, body: cm('d1', {}, { drop: 'yes' }) });

    // Upstream answers a deletecollection with the list of deleted objects (client-node types it as V1Status).
    const res = (await core.deleteCollectionNamespacedConfigMap({
      namespace: ns,
      labelSelector: 'drop=yes',
    })) as unknown as k8s.V1ConfigMapList;
    assert.equal(res.kind, 'ConfigMapList');
    const left = await core.listNamespacedConfigMap({ namespace: ns });
    assert.deepEqual(
      left.items.map((i) => i.metadata?.name),
      ['k1', 'k2'],
    );
    const otherLeft = await core.listNamespacedConfigMap({ namespace: other });
    assert.deepEqual(
      otherLeft.items.map((i) => i.metadata?.name),
      ['d1'],
    );
  });

  it('replaceNamespacedDeploymentStatus changes status but not spec', async () => {
    const ns = await namespace('cn-status');
    const created = await apps.createNamespacedDeployment({ namespace: ns, body: deployment('api', 2) });
    assert.ok(created.spec);
    const body: k8s.V1Deployment = {
      ...created,
      spec: { ...created.spec, replicas: 9 },
      status: { replicas: 2, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 2, observedGeneration: 1 },
    };
    const res = await apps.replaceNamespacedDeploymentStatus({ name: 'api', namespace: ns, body });
    assert.equal(res.status?.readyReplicas, 1);
    assert.equal(res.spec?.replicas, 2, 'status update ignores spec');
    assert.equal(res.metadata?.generation, 1, 'status update does not bump generation');
    const read = await apps.readNamespacedDeployment({ name: 'api', namespace: ns });
    assert.equal(read.spec?.replicas, 2);
    assert.equal(read.status?.readyReplicas, 1);
    assert.equal(read.status?.availableReplicas, 1);

    // The main resource ignores status changes.
    const main = await apps.replaceNamespacedDeployment({ name: 'api', namespace: ns, body: { ...read, status: { readyReplicas: 0 } } });
    assert.equal(main.status?.readyReplicas, 1);
  });

  it('scale subresource: read and merge-patch through client-node, and via fetch', async () => {
    const ns = await namespace('cn-scale');
    await apps.createNamespacedDeployment({ namespace: ns, body: deployment('s', 2) });
    const scale = await apps.readNamespacedDeploymentScale({ name: 's', namespace: ns });
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.apiVersion, 'autoscaling/v1');
    assert.equal(scale.metadata?.name, 's');
    assert.equal(scale.spec?.replicas, 2);
    assert.equal(scale.status?.selector, 'app=s');

    const patched = await apps.patchNamespacedDeploymentScale(
      { name: 's', namespace: ns, body: { spec: { replicas: 4 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    assert.equal(patched.spec?.replicas, 4);
    assert.equal((await apps.readNamespacedDeployment({ name: 's', namespace: ns })).spec?.replicas, 4);

    const res = await fetch(`${t.url}/apis/apps/v1/namespaces/${ns}/deployments/s/scale`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/merge-patch+json', accept: 'application/json' },
      body: JSON.stringify({ spec: { replicas: 6 } }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { kind: string; spec: { replicas: number } };
    assert.equal(body.kind, 'Scale');
    assert.equal(body.spec.replicas, 6);
    const after = await apps.readNamespacedDeploymentScale({ name: 's', namespace: ns });
    assert.equal(after.spec?.replicas, 6);
    const d = await apps.readNamespacedDeployment({ name: 's', namespace: ns });
    assert.equal(d.spec?.replicas, 6);
    assert.equal(d.metadata?.generation, 3);
  });
});

describe('client-node server-side apply', () => {
  it('two field managers apply the same ConfigMap: shared values coexist, a different value conflicts, force takes it over', async () => {
    const ns = await namespace('cn-ssa');
    const apply = (manager: string, data: Record<string, string>, force = false) =>
      core.patchNamespacedConfigMap(
        {
          name: 'shared',
          namespace: ns,
          body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared' }, data },
          fieldManager: manager,
          force,
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.ServerSideApply),
      );
    const first = await apply('team-a', { owner: 'a', shared: 'same' });
    assert.deepEqual(first.data, { owner: 'a', shared: 'same' });
    await apply('team-b', { shared: 'same', extra: 'b' });
    const both = await core.readNamespacedConfigMap({ name: 'shared', namespace: ns });
    const managers = (both.metadata?.managedFields ?? []).map((m) => `${m.manager}:${m.operation}`).sort();
    assert.deepEqual(managers, ['team-a:Apply', 'team-b:Apply']);
    const conflict = await apiError(apply('team-b', { shared: 'different', extra: 'b' }));
    assert.equal(conflict.code, 409);
    assert.equal(conflict.status.reason, 'Conflict');
    assert.match(conflict.status.message ?? '', /conflict with "team-a"/);
    assert.match(conflict.status.message ?? '', /\.data\.shared/);
    const forced = await apply('team-b', { shared: 'different', extra: 'b' }, true);
    assert.equal(forced.data?.['shared'], 'different');
    assert.equal(forced.data?.['owner'], 'a');
    // team-a no longer owns .data.shared; dropping `owner` from its config removes the field.
    const dropped = await apply('team-a', {});
    assert.deepEqual(dropped.data, { shared: 'different', extra: 'b' });
  });
});
