import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, listPods, markPodsReady, startHarness, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await startHarness(['replicaset']);
});
after(async () => {
  await h.stop();
});

const rs = (name: string, replicas: number) => `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, tier: web}}
    spec: {containers: [{name: main, image: "nginx:1.27"}]}
`;

interface RsStatus {
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    fullyLabeledReplicas?: number;
    observedGeneration?: number;
  };
  metadata: { uid: string; generation: number };
}

describe('ReplicaSet controller', () => {
  it('creates pods from the template with a controller ownerReference, and reports status', async () => {
    const c = await h.t.kubectl(['create', '-f', '-'], { stdin: rs('front', 3) });
    assert.equal(c.code, 0, c.stderr);
    const pods = await eventually(async () => {
      const p = await listPods(h.client, 'default', 'app=front');
      return p.length === 3 ? p : undefined;
    }, '3 pods');
    const owner = await h.client.get<RsStatus>('/apis/apps/v1/namespaces/default/replicasets/front');
    for (const p of pods) {
      assert.match(p.metadata.name, /^front-[a-z0-9]{5}$/);
      assert.equal(p.metadata.labels?.['tier'], 'web');
      assert.deepEqual(p.metadata.ownerReferences, [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'front', uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true },
      ]);
    }
    await eventually(
      async () => (await h.client.get<RsStatus>('/apis/apps/v1/namespaces/default/replicasets/front')).status?.replicas === 3,
      'status.replicas=3',
    );
    await markPodsReady(h.client, 'default', 'app=front');
    await eventually(async () => {
      const s = (await h.client.get<RsStatus>('/apis/apps/v1/namespaces/default/replicasets/front')).status;
      return s?.readyReplicas === 3 && s.availableReplicas === 3 && s.fullyLabeledReplicas === 3 && s.observedGeneration === 1;
    }, 'ready status');
    const g = await h.t.kubectl(['get', 'rs', 'front']);
    assert.match(g.stdout, /front\s+3\s+3\s+3\s+/);
    const ev = await h.t.kubectl([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=front',
      '-o',
      'jsonpath={range .items[*]}{.reason}:{.message}{"\\n"}{end}',
    ]);
    assert.equal(ev.stdout.split('\n').filter((l) => /^SuccessfulCreate:Created pod: front-/.test(l)).length, 3, ev.stdout);
  });

  it('scales down deleting not-ready pods first, and scales up again without overshooting', async () => {
    // One unready pod among ready ones is the least valuable and goes first.
    const pods = await listPods(h.client, 'default', 'app=front');
    const victim = pods[1]!;
    await h.client.request('PATCH', `/api/v1/namespaces/default/pods/${victim.metadata.name}/status`, {
      contentType: 'application/merge-patch+json',
      body: { status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } },
    });
    await eventually(
      async () => (await h.client.get<RsStatus>('/apis/apps/v1/namespaces/default/replicasets/front')).status?.readyReplicas === 2,
      'ready=2',
    );
    const s = await h.t.kubectl(['scale', 'rs', 'front', '--replicas=2']);
    assert.equal(s.code, 0, s.stderr);
    const left = await eventually(async () => {
      const p = await listPods(h.client, 'default', 'app=front');
      return p.length === 2 ? p : undefined;
    }, '2 pods');
    assert.ok(!left.some((p) => p.metadata.name === victim.metadata.name), 'the unready pod was deleted');
    await h.t.kubectl(['scale', 'rs', 'front', '--replicas=5']);
    await eventually(async () => (await listPods(h.client, 'default', 'app=front')).length === 5, '5 pods');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await listPods(h.client, 'default', 'app=front')).length, 5);
    await eventually(async () => {
      const o = await h.client.get<RsStatus>('/apis/apps/v1/namespaces/default/replicasets/front');
      return o.status?.replicas === 5 && o.status.observedGeneration === o.metadata.generation;
    }, 'status after scale');
  });

  it('adopts a matching orphan pod and releases a pod whose labels stop matching', async () => {
    const orphan = `apiVersion: v1
kind: Pod
metadata: {name: stray, labels: {app: solo}}
spec: {containers: [{name: main, image: busybox}]}
`;
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: orphan })).code, 0);
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: rs('solo', 2) })).code, 0);
    const pods = await eventually(async () => {
      const p = await listPods(h.client, 'default', 'app=solo');
      return p.length === 2 && p.every((x) => x.metadata.ownerReferences?.[0]?.name === 'solo') ? p : undefined;
    }, 'adoption');
    assert.ok(
      pods.some((p) => p.metadata.name === 'stray'),
      'the orphan was adopted, not replaced',
    );
    const l = await h.t.kubectl(['label', 'pod', 'stray', 'app=other', '--overwrite']);
    assert.equal(l.code, 0, l.stderr);
    await eventually(async () => {
      const stray = await h.client.get<{ metadata: { ownerReferences?: unknown[] } }>('/api/v1/namespaces/default/pods/stray');
      return (stray.metadata.ownerReferences ?? []).length === 0;
    }, 'release');
    await eventually(async () => (await listPods(h.client, 'default', 'app=solo')).length === 2, 'replacement pod');
  });
});
