import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, listPods, markPodsReady, startHarness, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await startHarness(['replicationcontroller']);
});
after(async () => {
  await h.stop();
});

// No selector: the apiserver defaults it (and the RC's labels) from the template's labels.
const rc = (name: string, replicas: number) => `apiVersion: v1
kind: ReplicationController
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: "nginx:1.27"}]}
`;

interface RcObj {
  metadata: { uid: string; generation: number; labels?: Record<string, string> };
  spec: { selector?: Record<string, string> };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    fullyLabeledReplicas?: number;
    observedGeneration?: number;
  };
}

const getRc = (name: string): Promise<RcObj> => h.client.get<RcObj>(`/api/v1/namespaces/default/replicationcontrollers/${name}`);
const podCount = async (sel: string): Promise<number> =>
  (await listPods(h.client, 'default', sel)).filter((p) => !p.metadata.deletionTimestamp).length;

describe('ReplicationController controller', () => {
  it('creates pods owned by the RC and reports status', async () => {
    const c = await h.t.kubectl(['create', '-f', '-'], { stdin: rc('web', 3) });
    assert.equal(c.code, 0, c.stderr);
    const owner = await getRc('web');
    assert.deepEqual(owner.spec.selector, { app: 'web' });
    const pods = await eventually(async () => {
      const p = await listPods(h.client, 'default', 'app=web');
      return p.length === 3 ? p : undefined;
    }, '3 pods');
    for (const p of pods) {
      assert.match(p.metadata.name, /^web-[a-z0-9]{5}$/);
      assert.deepEqual(p.metadata.ownerReferences, [
        {
          apiVersion: 'v1',
          kind: 'ReplicationController',
          name: 'web',
          uid: owner.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    await markPodsReady(h.client, 'default', 'app=web');
    await eventually(async () => {
      const s = (await getRc('web')).status;
      return (
        s?.replicas === 3 &&
        s.readyReplicas === 3 &&
        s.availableReplicas === 3 &&
        s.fullyLabeledReplicas === 3 &&
        s.observedGeneration === 1
      );
    }, 'ready status');
    const g = await h.t.kubectl(['get', 'rc', 'web']);
    assert.equal(g.code, 0, g.stderr);
    assert.match(g.stdout, /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\n/);
    assert.match(g.stdout, /\nweb\s+3\s+3\s+3\s+\d+s\n/);
    const w = await h.t.kubectl(['get', 'rc', 'web', '-o', 'wide']);
    assert.match(w.stdout, /web\s+3\s+3\s+3\s+\S+\s+main\s+nginx:1\.27\s+app=web/);
    const ev = await h.t.kubectl([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=web',
      '-o',
      'jsonpath={range .items[*]}{.source.component}:{.reason}{"\\n"}{end}',
    ]);
    assert.equal(ev.stdout.split('\n').filter((l) => l === 'replication-controller:SuccessfulCreate').length, 3, ev.stdout);
  });

  it('follows kubectl scale rc down and up', async () => {
    const down = await h.t.kubectl(['scale', 'rc', 'web', '--replicas=1']);
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stdout, /replicationcontroller\/web scaled/);
    await eventually(async () => (await podCount('app=web')) === 1, '1 pod');
    await eventually(async () => {
      const o = await getRc('web');
      return o.status?.replicas === 1 && o.status.observedGeneration === o.metadata.generation;
    }, 'status after scale down');
    assert.equal((await h.t.kubectl(['scale', 'rc', 'web', '--replicas=4'])).code, 0);
    await eventually(async () => (await podCount('app=web')) === 4, '4 pods');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await podCount('app=web'), 4, 'no overshoot');
    await eventually(async () => (await getRc('web')).status?.replicas === 4, 'status.replicas=4');
  });

  it('adopts a matching orphan and releases a pod whose labels stop matching', async () => {
    const orphan = `apiVersion: v1
kind: Pod
metadata: {name: lone, labels: {app: db}}
spec: {containers: [{name: main, image: busybox}]}
`;
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: orphan })).code, 0);
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: rc('db', 2) })).code, 0);
    const pods = await eventually(async () => {
      const p = await listPods(h.client, 'default', 'app=db');
      return p.length === 2 && p.every((x) => x.metadata.ownerReferences?.[0]?.kind === 'ReplicationController') ? p : undefined;
    }, 'adoption');
    assert.ok(
      pods.some((p) => p.metadata.name === 'lone'),
      'the orphan was adopted, not replaced',
    );
    assert.equal((await h.t.kubectl(['label', 'pod', 'lone', 'app=gone', '--overwrite'])).code, 0);
    await eventually(async () => {
      const lone = await h.client.get<{ metadata: { ownerReferences?: unknown[] } }>('/api/v1/namespaces/default/pods/lone');
      return (lone.metadata.ownerReferences ?? []).length === 0;
    }, 'release');
    await eventually(async () => (await podCount('app=db')) === 2, 'replacement pod');
  });

  it('leaves pods owned by a ReplicaSet of the same labels alone', async () => {
    const rs = `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: mixed}
spec:
  replicas: 0
  selector: {matchLabels: {app: mixed}}
  template:
    metadata: {labels: {app: mixed}}
    spec: {containers: [{name: main, image: busybox}]}
`;
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: rs })).code, 0);
    const owned = `apiVersion: v1
kind: Pod
metadata: {name: taken, labels: {app: mixed}}
spec: {containers: [{name: main, image: busybox}]}
`;
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: owned })).code, 0);
    const rsObj = await h.client.get<{ metadata: { uid: string } }>('/apis/apps/v1/namespaces/default/replicasets/mixed');
    await h.client.request('PATCH', '/api/v1/namespaces/default/pods/taken', {
      contentType: 'application/merge-patch+json',
      body: {
        metadata: {
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'mixed', uid: rsObj.metadata.uid, controller: true }],
        },
      },
    });
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: rc('mixed', 1) })).code, 0);
    await eventually(async () => (await getRc('mixed')).status?.replicas === 1, 'rc made its own pod');
    const taken = await h.client.get<{ metadata: { ownerReferences?: Array<{ kind: string }> } }>('/api/v1/namespaces/default/pods/taken');
    assert.deepEqual(
      taken.metadata.ownerReferences?.map((r) => r.kind),
      ['ReplicaSet'],
    );
    assert.equal(await podCount('app=mixed'), 2);
  });
});
