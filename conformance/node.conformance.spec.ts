import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterFixture, names, until } from './lib/api.js';

// sig-node behaviours on a whole control plane (pods really get scheduled and run on simulated nodes).

const { api } = clusterFixture(2);

interface Pod {
  metadata: { name: string; labels?: Record<string, string>; deletionTimestamp?: string; resourceVersion: string };
  spec: { nodeName?: string; overhead?: Record<string, string>; containers: Array<{ image: string }> };
  status?: {
    phase?: string;
    hostIP?: string;
    podIP?: string;
    qosClass?: string;
    conditions?: Array<{ type: string; status: string; reason?: string }>;
  };
}

const PODS = '/api/v1/namespaces/default/pods';
const pod = (name: string, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({
  metadata: { name, labels },
  spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10' }], ...extra },
});
const running = (name: string) =>
  until(`${name} running`, async () => {
    const p = (await api.get<Pod>(`${PODS}/${name}`)).body;
    return p.status?.phase === 'Running' ? p : undefined;
  });

describe('sig-node Pods', () => {
  it('[sig-node] Pods should get a host IP [NodeConformance] [Conformance]', async () => {
    await api.ok('POST', PODS, pod('host-ip'));
    const p = await running('host-ip');
    assert.match(p.status?.hostIP ?? '', /^\d+\.\d+\.\d+\.\d+$/);
  });

  it('[sig-node] Pods should be submitted and removed [NodeConformance] [Conformance]', async () => {
    const sel = 'labelSelector=name%3Dpod-submit-remove';
    const listed = (await api.get<{ items: Pod[]; metadata: { resourceVersion: string } }>(`${PODS}?${sel}`)).body;
    assert.equal(listed.items.length, 0);
    const w = api.watch(`${PODS}?watch=1&${sel}&resourceVersion=${listed.metadata.resourceVersion}`);
    await api.ok('POST', PODS, pod('submit-remove', { name: 'pod-submit-remove' }));
    assert.deepEqual(names((await api.get<{ items: Pod[] }>(`${PODS}?${sel}`)).body), ['submit-remove']);
    await running('submit-remove');
    await api.ok('DELETE', `${PODS}/submit-remove`);
    await until('deleted event', async () => w.events.some((e) => e.type === 'DELETED'));
    w.stop();
    assert.ok(
      w.events.some((e) => (e.object as unknown as Pod).metadata.deletionTimestamp),
      'the deletion timestamp was observed',
    );
    assert.equal(w.events[w.events.length - 1]!.type, 'DELETED');
    assert.equal((await api.get<{ items: Pod[] }>(`${PODS}?${sel}`)).body.items.length, 0);
  });

  it('[sig-node] Pods should be updated [NodeConformance] [Conformance]', async () => {
    await api.ok('POST', PODS, pod('updated', { time: 'original' }));
    await running('updated');
    const cur = (await api.get<Pod>(`${PODS}/updated`)).body;
    await api.ok('PUT', `${PODS}/updated`, { ...cur, metadata: { ...cur.metadata, labels: { time: 'changed' } } });
    assert.deepEqual(names((await api.get<{ items: Pod[] }>(`${PODS}?labelSelector=time%3Dchanged`)).body), ['updated']);
  });

  it('[sig-node] Pods should delete a collection of pods [Conformance]', async () => {
    for (const n of ['coll-1', 'coll-2', 'coll-3']) await api.ok('POST', PODS, pod(n, { type: 'Testing' }));
    assert.equal((await api.get<{ items: Pod[] }>(`${PODS}?labelSelector=type%3DTesting`)).body.items.length, 3);
    await api.ok('DELETE', `${PODS}?labelSelector=type%3DTesting`);
    await until('pods gone', async () => (await api.get<{ items: Pod[] }>(`${PODS}?labelSelector=type%3DTesting`)).body.items.length === 0);
  });

  it('[sig-node] Pods should patch a pod status [Conformance]', async () => {
    await api.ok('POST', PODS, pod('status-patch'));
    await running('status-patch');
    const p = await api.mergePatch<Pod>(`${PODS}/status-patch/status`, {
      status: { conditions: [{ type: 'StatusPatched', status: 'True' }] },
    });
    assert.ok(p.status?.conditions?.some((c) => c.type === 'StatusPatched' && c.status === 'True'));
  });

  it('[sig-node] Pods should run through the lifecycle of Pods and PodStatus [Conformance]', async () => {
    await api.ok('POST', PODS, pod('lifecycle', { 'test-pod-static': 'true' }));
    await running('lifecycle');
    const patched = await api.mergePatch<Pod>(`${PODS}/lifecycle`, {
      metadata: { labels: { 'test-pod': 'patched' } },
      spec: { containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10' }] },
    });
    assert.equal(patched.metadata.labels?.['test-pod'], 'patched');
    const st = (await api.get<Pod>(`${PODS}/lifecycle/status`)).body;
    const replaced = await api.ok<Pod>('PUT', `${PODS}/lifecycle/status`, {
      ...st,
      status: { ...st.status, conditions: [...(st.status?.conditions ?? []), { type: 'PodStatusReplaced', status: 'True' }] },
    });
    assert.ok(replaced.status?.conditions?.some((c) => c.type === 'PodStatusReplaced'));
    await api.ok('DELETE', `${PODS}/lifecycle`);
    await until('pod gone', async () => (await api.get(`${PODS}/lifecycle`)).status === 404);
  });

  it('[sig-node] Pods Extended Pods Set QOS Class should be set on Pods with matching resource requests and limits for memory and cpu [Conformance]', async () => {
    const res = { requests: { cpu: '100m', memory: '100Mi' }, limits: { cpu: '100m', memory: '100Mi' } };
    await api.ok('POST', PODS, { metadata: { name: 'qos' }, spec: { containers: [{ name: 'main', image: 'nginx', resources: res }] } });
    assert.equal((await api.get<Pod>(`${PODS}/qos`)).body.status?.qosClass, 'Guaranteed');
  });
});

describe('sig-node Nodes and RuntimeClasses', () => {
  it('[sig-node] Node Lifecycle should run through the lifecycle of a node [Conformance]', async () => {
    const base = '/api/v1/nodes';
    await api.ok('POST', base, { metadata: { name: 'e2e-fake-node', labels: { 'e2e-node': 'true' } }, status: { phase: 'Running' } });
    assert.equal((await api.get<Pod>(`${base}/e2e-fake-node`)).body.metadata.name, 'e2e-fake-node');
    assert.equal(
      (await api.mergePatch<Pod>(`${base}/e2e-fake-node`, { metadata: { labels: { patched: 'true' } } })).metadata.labels?.['patched'],
      'true',
    );
    assert.deepEqual(names((await api.get<{ items: Pod[] }>(`${base}?labelSelector=patched%3Dtrue`)).body), ['e2e-fake-node']);
    const cur = (await api.get<Pod>(`${base}/e2e-fake-node`)).body;
    const upd = await api.ok<Pod>('PUT', `${base}/e2e-fake-node`, {
      ...cur,
      metadata: { ...cur.metadata, labels: { ...cur.metadata.labels, updated: 'true' } },
    });
    assert.equal(upd.metadata.labels?.['updated'], 'true');
    await api.ok('DELETE', `${base}/e2e-fake-node`);
    assert.equal((await api.get(`${base}/e2e-fake-node`)).status, 404);
  });

  const RC = '/apis/node.k8s.io/v1/runtimeclasses';
  it('[sig-node] RuntimeClass should reject a Pod requesting a non-existent RuntimeClass [NodeConformance] [Conformance]', async () => {
    const r = await api.call('POST', PODS, pod('rc-missing', {}, { runtimeClassName: 'does-not-exist' }));
    assert.equal(r.status, 403);
    assert.equal((r.body as { reason: string }).reason, 'Forbidden');
  });

  it('[sig-node] RuntimeClass should reject a Pod requesting a deleted RuntimeClass [NodeConformance] [Conformance]', async () => {
    await api.ok('POST', RC, { metadata: { name: 'deleted-rc' }, handler: 'runc' });
    await api.ok('DELETE', `${RC}/deleted-rc`);
    const r = await api.call('POST', PODS, pod('rc-deleted', {}, { runtimeClassName: 'deleted-rc' }));
    assert.equal(r.status, 403);
  });

  it('[sig-node] RuntimeClass should schedule a Pod requesting a RuntimeClass without PodOverhead [NodeConformance] [Conformance]', async () => {
    await api.ok('POST', RC, { metadata: { name: 'plain-rc' }, handler: 'runc' });
    await api.ok('POST', PODS, pod('rc-plain', {}, { runtimeClassName: 'plain-rc' }));
    await until('scheduled', async () => !!(await api.get<Pod>(`${PODS}/rc-plain`)).body.spec.nodeName);
  });

  it('[sig-node] RuntimeClass should schedule a Pod requesting a RuntimeClass and initialize its Overhead [NodeConformance] [Conformance]', async () => {
    await api.ok('POST', RC, { metadata: { name: 'overhead-rc' }, handler: 'runc', overhead: { podFixed: { cpu: '10m', memory: '1Mi' } } });
    const created = await api.ok<Pod>('POST', PODS, pod('rc-overhead', {}, { runtimeClassName: 'overhead-rc' }));
    assert.deepEqual(created.spec.overhead, { cpu: '10m', memory: '1Mi' });
    await until('scheduled', async () => !!(await api.get<Pod>(`${PODS}/rc-overhead`)).body.spec.nodeName);
  });
});

describe('simulated kubelet: env from ConfigMaps and Secrets', () => {
  it('a pod whose env references a missing ConfigMap waits in CreateContainerConfigError until it exists', async () => {
    await api.ok('POST', PODS, {
      metadata: { name: 'needs-config' },
      spec: {
        containers: [
          { name: 'main', image: 'nginx', env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'mode' } } }] },
        ],
      },
    });
    const waiting = await until('CreateContainerConfigError', async () => {
      const p = (
        await api.get<Pod & { status?: { containerStatuses?: Array<{ state: { waiting?: { reason?: string; message?: string } } }> } }>(
          `${PODS}/needs-config`,
        )
      ).body;
      const w = p.status?.containerStatuses?.[0]?.state.waiting;
      return w?.reason === 'CreateContainerConfigError' ? { p, w } : undefined;
    });
    assert.equal(waiting.p.status?.phase, 'Pending');
    assert.equal(waiting.w.message, 'configmap "app-config" not found');
    await api.ok('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'app-config' }, data: { mode: 'fast' } });
    await running('needs-config');
  });
});
