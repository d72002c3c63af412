import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterFixture, until } from './lib/api.js';

// sig-apps behaviours on a whole control plane (apiserver, controllers, scheduler, node agent).
// Each test carries the codename of the upstream behaviour whose every MUST it asserts.

const { api } = clusterFixture(2);

interface Pod {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    ownerReferences?: Array<{ uid: string; controller?: boolean }>;
    deletionTimestamp?: string;
  };
  spec: { containers: Array<{ image: string }> };
  status?: { phase?: string };
}
interface Workload {
  metadata: { name: string; uid: string; generation: number; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { replicas: number; template: { spec: { containers: Array<{ image: string }> } } };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    updatedReplicas?: number;
    observedGeneration?: number;
    conditions?: Array<{ type: string; status: string; reason?: string }>;
  };
}

const template = (app: string, image: string) => ({ metadata: { labels: { app } }, spec: { containers: [{ name: 'main', image }] } });
const deployment = (name: string, replicas: number, image = 'nginx:1.27', extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels: { app: name } },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name, image), ...extra },
});
const replicaSet = (name: string, replicas: number, image = 'nginx:1.27') => ({
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name, labels: { app: name } },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name, image) },
});

async function pods(ns: string, selector: string): Promise<Pod[]> {
  const l = (await api.get<{ items: Pod[] }>(`/api/v1/namespaces/${ns}/pods?labelSelector=${encodeURIComponent(selector)}`)).body;
  return l.items.filter((p) => !p.metadata.deletionTimestamp);
}

async function runningPods(ns: string, selector: string, n: number): Promise<Pod[]> {
  return until(`${n} running pods ${selector}`, async () => {
    const ps = await pods(ns, selector);
    return ps.length === n && ps.every((p) => p.status?.phase === 'Running') ? ps : undefined;
  });
}

async function available(path: string, replicas: number): Promise<Workload> {
  return until(`${path} available`, async () => {
    const w = (await api.get<Workload>(path)).body;
    const s = w.status ?? {};
    return s.observedGeneration === w.metadata.generation &&
      s.availableReplicas === replicas &&
      (s.replicas ?? 0) === replicas &&
      (s.updatedReplicas ?? replicas) === replicas
      ? w
      : undefined;
  });
}

async function scaleSubresource(path: string, podSelector: string): Promise<void> {
  await runningPods('default', podSelector, 1);
  type Scale = { spec: { replicas: number }; status: { replicas: number; selector: string } };
  const scale = (await api.get<Scale>(`${path}/scale`)).body;
  assert.equal(scale.spec.replicas, 1);
  assert.equal(scale.status.selector, podSelector);
  // A read-modify-write of the scale races with the controller's status writes: retry on 409 as clients do.
  let put = await api.call<Scale>('PUT', `${path}/scale`, { ...scale, spec: { replicas: 2 } });
  for (let i = 0; put.status === 409 && i < 10; i++) {
    const fresh = (await api.get<Scale>(`${path}/scale`)).body;
    put = await api.call<Scale>('PUT', `${path}/scale`, { ...fresh, spec: { replicas: 2 } });
  }
  assert.equal(put.status, 200);
  assert.equal(put.body.spec.replicas, 2);
  assert.equal((await api.get<Workload>(path)).body.spec.replicas, 2);
  const patched = await api.mergePatch<{ spec: { replicas: number } }>(`${path}/scale`, { spec: { replicas: 4 } });
  assert.equal(patched.spec.replicas, 4);
  assert.equal((await api.get<Workload>(path)).body.spec.replicas, 4);
  await runningPods('default', podSelector, 4);
}

async function statusEndpoints(path: string): Promise<void> {
  const read = (await api.get<Workload>(`${path}/status`)).body;
  assert.ok(read.status);
  const cond = { type: 'StatusUpdate', status: 'True', reason: 'E2E', message: 'Set from an e2e test' };
  const updated = await api.ok<Workload>('PUT', `${path}/status`, {
    ...read,
    status: { ...read.status, conditions: [...(read.status?.conditions ?? []), cond] },
  });
  assert.ok(updated.status?.conditions?.some((c) => c.type === 'StatusUpdate'));
  assert.ok((await api.get<Workload>(path)).body.status?.conditions?.some((c) => c.type === 'StatusUpdate'));
  const patchCond = { type: 'StatusPatched', status: 'True', reason: 'E2E', message: 'Patched from an e2e test' };
  const patched = await api.mergePatch<Workload>(`${path}/status`, { status: { conditions: [patchCond] } });
  assert.ok(patched.status?.conditions?.some((c) => c.type === 'StatusPatched'));
  assert.ok((await api.get<Workload>(`${path}/status`)).body.status?.conditions?.some((c) => c.type === 'StatusPatched'));
}

describe('sig-apps Deployments', () => {
  const base = '/apis/apps/v1/namespaces/default/deployments';

  it('[sig-apps] Deployment Deployment should have a working scale subresource [Conformance]', async () => {
    await api.ok('POST', base, deployment('scaled', 1));
    await scaleSubresource(`${base}/scaled`, 'app=scaled');
  });

  it('[sig-apps] Deployment should validate Deployment Status endpoints [Conformance]', async () => {
    await api.ok('POST', base, deployment('status-ep', 1));
    await available(`${base}/status-ep`, 1);
    await statusEndpoints(`${base}/status-ep`);
  });

  it('[sig-apps] Deployment should run the lifecycle of a Deployment [Conformance]', async () => {
    await api.ok('POST', base, deployment('life', 1));
    await available(`${base}/life`, 1);
    await api.mergePatch(`${base}/life`, {
      metadata: { labels: { 'test-deployment': 'patched' } },
      spec: { replicas: 2, template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } },
    });
    const patched = await available(`${base}/life`, 2);
    assert.equal(patched.metadata.labels?.['test-deployment'], 'patched');
    assert.equal(patched.spec.template.spec.containers[0]!.image, 'nginx:1.28');
    await api.mergePatch(`${base}/life/scale`, { spec: { replicas: 3 } });
    await available(`${base}/life`, 3);
    const st = (await api.get<Workload>(`${base}/life/status`)).body;
    assert.equal(st.status?.availableReplicas, 3);
    await api.mergePatch(`${base}/life/status`, { status: { conditions: [{ type: 'StatusPatched', status: 'True', reason: 'E2E' }] } });
    assert.ok((await api.get<Workload>(`${base}/life`)).body.status?.conditions?.some((c) => c.type === 'StatusPatched'));
    await api.ok('DELETE', `${base}/life`);
    await until('deployment gone', async () => (await api.get(`${base}/life`)).status === 404);
    await until('pods gone', async () => (await pods('default', 'app=life')).length === 0);
  });

  it('[sig-apps] Deployment RollingUpdateDeployment should delete old pods and create new ones [Conformance]', async () => {
    await api.ok(
      'POST',
      base,
      deployment('rolling', 3, 'nginx:1.27', { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }),
    );
    const before = await runningPods('default', 'app=rolling', 3);
    await available(`${base}/rolling`, 3);
    await api.mergePatch(`${base}/rolling`, { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } });
    const done = await available(`${base}/rolling`, 3);
    assert.equal(done.metadata.annotations?.['deployment.kubernetes.io/revision'], '2');
    const after = await runningPods('default', 'app=rolling', 3);
    assert.ok(after.every((p) => p.spec.containers[0]!.image === 'nginx:1.28'));
    assert.ok(
      after.every((p) => !before.some((b) => b.metadata.name === p.metadata.name)),
      'old pods were replaced',
    );
    const rss = (await api.get<{ items: Workload[] }>('/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Drolling')).body
      .items;
    assert.equal(rss.filter((r) => r.spec.replicas > 0).length, 1);
    assert.equal(rss.find((r) => r.spec.replicas > 0)!.spec.template.spec.containers[0]!.image, 'nginx:1.28');
  });

  it('[sig-apps] Deployment RecreateDeployment should delete old pods and create new ones [Conformance]', async () => {
    await api.ok('POST', base, deployment('recreate', 2, 'nginx:1.27', { strategy: { type: 'Recreate' } }));
    await available(`${base}/recreate`, 2);
    const w = api.watch('/api/v1/namespaces/default/pods?watch=1&labelSelector=app%3Drecreate');
    await w.opened;
    await api.mergePatch(`${base}/recreate`, { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } });
    await available(`${base}/recreate`, 2);
    await runningPods('default', 'app=recreate', 2);
    await new Promise((r) => setTimeout(r, 200));
    w.stop();
    // Replay the stream: no new-template pod may exist while an old one is still there.
    const alive = new Map<string, string>();
    for (const ev of w.events) {
      const image = (ev.object as unknown as Pod).spec.containers[0]!.image;
      if (ev.type === 'DELETED') alive.delete(ev.object.metadata.name);
      else if (!(ev.object as unknown as Pod).metadata.deletionTimestamp) alive.set(ev.object.metadata.name, image);
      else alive.set(ev.object.metadata.name, `${image} (terminating)`);
      const images = [...alive.values()];
      assert.ok(
        !(images.includes('nginx:1.28') && images.some((i) => i.startsWith('nginx:1.27'))),
        `old and new pods overlapped: ${images.join(', ')}`,
      );
    }
  });

  it('[sig-apps] Deployment deployment should delete old replica sets [Conformance]', async () => {
    await api.ok('POST', base, deployment('history', 1, 'nginx:1.27', { revisionHistoryLimit: 0 }));
    await available(`${base}/history`, 1);
    await api.mergePatch(`${base}/history`, { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } });
    await available(`${base}/history`, 1);
    await until('old replica set deleted', async () => {
      const rss = (await api.get<{ items: Workload[] }>('/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3Dhistory')).body
        .items;
      return rss.length === 1 && rss[0]!.spec.template.spec.containers[0]!.image === 'nginx:1.28';
    });
  });
});

describe('sig-apps ReplicaSets', () => {
  const base = '/apis/apps/v1/namespaces/default/replicasets';

  it('[sig-apps] ReplicaSet Replicaset should have a working scale subresource [Conformance]', async () => {
    await api.ok('POST', base, replicaSet('rs-scale', 1));
    await scaleSubresource(`${base}/rs-scale`, 'app=rs-scale');
  });

  it('[sig-apps] ReplicaSet Replace and Patch tests [Conformance]', async () => {
    await api.ok('POST', base, replicaSet('rs-replace', 1));
    await runningPods('default', 'app=rs-replace', 1);
    const cur = (await api.get<Workload>(`${base}/rs-replace`)).body;
    await api.ok('PUT', `${base}/rs-replace`, { ...cur, spec: { ...cur.spec, replicas: 2 } });
    await until('2 replicas', async () => (await api.get<Workload>(`${base}/rs-replace`)).body.status?.readyReplicas === 2);
    await runningPods('default', 'app=rs-replace', 2);
    const patched = await api.mergePatch<Workload>(`${base}/rs-replace`, {
      metadata: { labels: { patched: 'true' } },
      spec: { replicas: 3 },
    });
    assert.equal(patched.metadata.labels?.['patched'], 'true');
    assert.equal(patched.spec.replicas, 3);
    await runningPods('default', 'app=rs-replace', 3);
  });

  it('[sig-apps] ReplicaSet should validate Replicaset Status endpoints [Conformance]', async () => {
    await api.ok('POST', base, replicaSet('rs-status', 1));
    await runningPods('default', 'app=rs-status', 1);
    await statusEndpoints(`${base}/rs-status`);
  });

  it('[sig-apps] ReplicaSet should list and delete a collection of ReplicaSets [Conformance]', async () => {
    await api.ok('POST', base, {
      ...replicaSet('rs-coll', 1),
      metadata: { name: 'rs-coll', labels: { app: 'rs-coll', 'e2e-collection': 'true' } },
    });
    const l = (await api.get<{ items: Workload[] }>(`${base}?labelSelector=e2e-collection%3Dtrue`)).body;
    assert.equal(l.items.length, 1);
    await api.ok('DELETE', `${base}?labelSelector=e2e-collection%3Dtrue`);
    assert.equal((await api.get<{ items: Workload[] }>(`${base}?labelSelector=e2e-collection%3Dtrue`)).body.items.length, 0);
  });

  it('[sig-apps] ReplicaSet should adopt matching pods on creation and release no longer matching pods [Conformance]', async () => {
    await api.ok('POST', '/api/v1/namespaces/default/pods', {
      metadata: { name: 'pod-adoption-release', labels: { app: 'adoption' } },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
    });
    await runningPods('default', 'app=adoption', 1);
    const rs = await api.ok<Workload>('POST', base, replicaSet('adoption', 1));
    const adopted = await until('pod adopted', async () => {
      const p = (await api.get<Pod>('/api/v1/namespaces/default/pods/pod-adoption-release')).body;
      return p.metadata.ownerReferences?.some((o) => o.uid === rs.metadata.uid && o.controller) ? p : undefined;
    });
    assert.ok(adopted);
    await api.mergePatch('/api/v1/namespaces/default/pods/pod-adoption-release', { metadata: { labels: { app: 'released' } } });
    await until('pod released', async () => {
      const p = (await api.get<Pod>('/api/v1/namespaces/default/pods/pod-adoption-release')).body;
      return !(p.metadata.ownerReferences ?? []).some((o) => o.uid === rs.metadata.uid);
    });
    await runningPods('default', 'app=adoption', 1);
  });
});
