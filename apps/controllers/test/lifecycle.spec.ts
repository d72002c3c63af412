import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiStatusError } from '../../../libs/client/src/index.js';
import { eventually, listPods, startHarness, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await startHarness(['*']);
});
after(async () => {
  await h.stop();
});

const deployment = (name: string, ns = 'default', replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: ${ns}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: "nginx:1.27"}]}
`;

interface Meta {
  metadata: { name: string; uid: string; ownerReferences?: unknown[]; finalizers?: string[] };
}
const rsList = async (app: string, ns = 'default') =>
  (await h.client.get<{ items: Meta[] }>(`/apis/apps/v1/namespaces/${ns}/replicasets`, { labelSelector: `app=${app}` })).items;
const gone = async (path: string) => {
  try {
    await h.client.get(path);
    return false;
  } catch (e) {
    return e instanceof ApiStatusError && e.code === 404;
  }
};

async function createAndWait(name: string, ns = 'default'): Promise<void> {
  const c = await h.t.kubectl(['create', '-f', '-'], { stdin: deployment(name, ns) });
  assert.equal(c.code, 0, c.stderr);
  await eventually(async () => (await listPods(h.client, ns, `app=${name}`)).length === 2, `${name} pods`);
}

describe('garbage collector, namespace and serviceaccount controllers', () => {
  it('kubectl delete deployment (background) garbage-collects its ReplicaSet and pods', async () => {
    await createAndWait('web');
    const d = await h.t.kubectl(['delete', 'deployment', 'web']);
    assert.equal(d.code, 0, d.stderr);
    await eventually(
      async () => (await rsList('web')).length === 0 && (await listPods(h.client, 'default', 'app=web')).length === 0,
      'RS and pods collected',
    );
  });

  it('kubectl delete --cascade=foreground waits for the dependents, then the owner goes', async () => {
    await createAndWait('fg');
    const d = await h.t.kubectl(['delete', 'deployment', 'fg', '--cascade=foreground', '--wait=true', '--timeout=20s']);
    assert.equal(d.code, 0, d.stderr);
    assert.ok(await gone('/apis/apps/v1/namespaces/default/deployments/fg'));
    assert.equal((await rsList('fg')).length, 0);
    assert.equal((await listPods(h.client, 'default', 'app=fg')).length, 0);
  });

  it('kubectl delete --cascade=orphan leaves the ReplicaSet and pods, without ownerReferences on the RS', async () => {
    await createAndWait('orph');
    const d = await h.t.kubectl(['delete', 'deployment', 'orph', '--cascade=orphan']);
    assert.equal(d.code, 0, d.stderr);
    await eventually(() => gone('/apis/apps/v1/namespaces/default/deployments/orph'), 'deployment removed');
    const rss = await rsList('orph');
    assert.equal(rss.length, 1);
    assert.deepEqual(rss[0]!.metadata.ownerReferences ?? [], []);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await listPods(h.client, 'default', 'app=orph')).length, 2, 'pods kept (still owned by the RS)');
  });

  it('a pod whose owner uid no longer exists is collected; one with a live owner is kept', async () => {
    const cm = await h.client.request<Meta>('POST', '/api/v1/namespaces/default/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner' } },
    });
    const pod = (name: string, uid: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid }] },
      spec: { containers: [{ name: 'main', image: 'busybox' }] },
    });
    await h.client.request('POST', '/api/v1/namespaces/default/pods', { body: pod('kept', cm.metadata.uid) });
    await h.client.request('POST', '/api/v1/namespaces/default/pods', { body: pod('dangling', '00000000-0000-0000-0000-000000000000') });
    await eventually(() => gone('/api/v1/namespaces/default/pods/dangling'), 'dangling pod collected');
    assert.ok(!(await gone('/api/v1/namespaces/default/pods/kept')));
    await h.t.kubectl(['delete', 'configmap', 'owner']);
    await eventually(() => gone('/api/v1/namespaces/default/pods/kept'), 'pod of a deleted configmap collected');
  });

  it('a dependent with two owners survives the first owner and goes with the last one', async () => {
    const owner = (name: string) =>
      h.client.request<Meta>('POST', '/api/v1/namespaces/default/configmaps', {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } },
      });
    const a = await owner('owner-a');
    const b = await owner('owner-b');
    const ref = (m: Meta) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: m.metadata.name, uid: m.metadata.uid });
    await h.client.request('POST', '/api/v1/namespaces/default/secrets', {
      body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'shared-dependent', ownerReferences: [ref(a), ref(b)] } },
    });
    await h.t.kubectl(['delete', 'configmap', 'owner-a']);
    await eventually(async () => {
      const d = await h.client.get<Meta>('/api/v1/namespaces/default/secrets/shared-dependent');
      return (d.metadata.ownerReferences ?? []).length === 1;
    }, 'the reference to the deleted owner dropped');
    assert.ok(!(await gone('/api/v1/namespaces/default/secrets/shared-dependent')));
    await h.t.kubectl(['delete', 'configmap', 'owner-b']);
    await eventually(() => gone('/api/v1/namespaces/default/secrets/shared-dependent'), 'dependent collected with its last owner');
  });

  it('a new namespace gets a default ServiceAccount', async () => {
    // `kubectl create namespace` sends protobuf, which the apiserver does not accept yet.
    const c = await h.t.kubectl(['create', '-f', '-'], { stdin: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n' });
    assert.equal(c.code, 0, c.stderr);
    await eventually(async () => {
      const r = await h.t.kubectl(['get', 'serviceaccounts', '-n', 'team-a', '-o', 'name']);
      return r.stdout.trim() === 'serviceaccount/default';
    }, 'default SA');
  });

  it('kubectl delete ns removes its contents and the namespace', async () => {
    await createAndWait('app', 'team-a');
    await h.client.request('POST', '/api/v1/namespaces/team-a/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } },
    });
    const d = await h.t.kubectl(['delete', 'ns', 'team-a', '--timeout=30s']);
    assert.equal(d.code, 0, d.stderr);
    assert.equal(d.stdout.trim(), 'namespace "team-a" deleted');
    assert.ok(await gone('/api/v1/namespaces/team-a'));
    const g = await h.t.kubectl(['get', 'ns', 'team-a']);
    assert.equal(g.code, 1);
    assert.equal(
      (await h.client.get<{ items: unknown[] }>('/apis/apps/v1/replicasets', { fieldSelector: 'metadata.namespace=team-a' })).items.length,
      0,
    );
  });

  it('a namespace held by a finalizer reports what remains, and goes once the finalizer is removed', async () => {
    await h.t.kubectl(['create', '-f', '-'], { stdin: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: held}\n' });
    await h.client.request('POST', '/api/v1/namespaces/held/configmaps', {
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pinned', finalizers: ['example.com/hold'] } },
    });
    const d = await h.t.kubectl(['delete', 'ns', 'held', '--wait=false']);
    assert.equal(d.code, 0, d.stderr);
    type Ns = { status?: { phase?: string; conditions?: Array<{ type: string; status: string; reason: string; message: string }> } };
    const ns = await eventually(async () => {
      const n = await h.client.get<Ns>('/api/v1/namespaces/held');
      return n.status?.conditions?.some((c) => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True') ? n : undefined;
    }, 'conditions');
    const cond = Object.fromEntries((ns.status?.conditions ?? []).map((c) => [c.type, c]));
    assert.equal(ns.status?.phase, 'Terminating');
    assert.equal(
      cond['NamespaceFinalizersRemaining']?.message,
      'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances',
    );
    assert.equal(cond['NamespaceContentRemaining']?.message, 'Some resources are remaining: configmaps has 1 resource instances');
    assert.deepEqual(
      [cond['NamespaceDeletionDiscoveryFailure']?.status, cond['NamespaceDeletionDiscoveryFailure']?.reason],
      ['False', 'ResourcesDiscovered'],
    );
    assert.deepEqual(
      [cond['NamespaceDeletionContentFailure']?.status, cond['NamespaceDeletionContentFailure']?.reason],
      ['False', 'ContentDeleted'],
    );
    await h.client.request('PATCH', '/api/v1/namespaces/held/configmaps/pinned', {
      contentType: 'application/merge-patch+json',
      body: { metadata: { finalizers: null } },
    });
    await eventually(() => gone('/api/v1/namespaces/held'), 'namespace removed');
  });
});
