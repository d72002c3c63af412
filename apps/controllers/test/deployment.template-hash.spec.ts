import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, listPods, markPodsReady, startHarness, type Harness } from './helpers.js';

// A Deployment created from a YAML manifest has no template creationTimestamp; kubectl rollout undo
// writes the old ReplicaSet's template back through Go structs, which adds `creationTimestamp: null`.
// Upstream hashes and compares the Go value, where both are the zero time: undo reuses the old RS.

let h: Harness;
let running = true;
before(async () => {
  h = await startHarness(['deployment', 'replicaset']);
  void (async () => {
    while (running) {
      await markPodsReady(h.client, 'default', 'app=api').catch(() => 0);
      await new Promise((r) => setTimeout(r, 150));
    }
  })();
});
after(async () => {
  running = false;
  await h.stop();
});

interface RS {
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { template: { metadata?: { labels?: Record<string, string> }; spec: { containers: Array<{ image: string }> } } };
}

const kubectl = async (args: string[], stdin?: string): Promise<string> => {
  const r = await h.t.kubectl(args, stdin === undefined ? { timeoutMs: 60_000 } : { stdin, timeoutMs: 60_000 });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const rsList = async (): Promise<RS[]> =>
  (await h.client.get<{ items: RS[] }>('/apis/apps/v1/namespaces/default/replicasets', { labelSelector: 'app=api' })).items;
const rsByImage = async (image: string): Promise<RS> => {
  const rs = (await rsList()).find((r) => r.spec.template.spec.containers[0]?.image === image);
  assert.ok(rs, `a ReplicaSet for ${image}`);
  return rs;
};
const rolledOut = async (image: string): Promise<void> => {
  assert.match(await kubectl(['rollout', 'status', 'deployment/api', '--timeout=45s']), /successfully rolled out/);
  await eventually(
    async () => {
      const pods = (await listPods(h.client, 'default', 'app=api')).filter((p) => !p.metadata.deletionTimestamp);
      const rs = await rsByImage(image);
      return pods.length === 2 && pods.every((p) => p.metadata.labels?.['pod-template-hash'] === rs.metadata.labels?.['pod-template-hash']);
    },
    `only ${image} pods`,
    30_000,
  );
};
const revision = (o: { metadata: { annotations?: Record<string, string> } }): string | undefined =>
  o.metadata.annotations?.['deployment.kubernetes.io/revision'];

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  replicas: 2
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: main, image: "nginx:1.27", args: []}]
`;

describe('pod-template-hash and kubectl rollout undo', () => {
  it('undo of a manifest-created Deployment moves the old ReplicaSet to the next revision instead of making a new one', async () => {
    await kubectl(['apply', '-f', '-'], manifest);
    await rolledOut('nginx:1.27');
    const first = await rsByImage('nginx:1.27');
    const hash = first.metadata.labels?.['pod-template-hash'];
    assert.ok(hash);
    assert.equal(first.metadata.name, `api-${hash}`);
    assert.equal(first.spec.template.metadata?.labels?.['pod-template-hash'], hash);

    await kubectl(['set', 'image', 'deployment/api', 'main=nginx:1.28']);
    await rolledOut('nginx:1.28');
    assert.equal((await rsList()).length, 2);

    assert.match(await kubectl(['rollout', 'undo', 'deployment/api']), /deployment\.apps\/api rolled back/);
    const template = JSON.parse(await kubectl(['get', 'deployment/api', '-o', 'jsonpath={.spec.template.metadata}'])) as Record<
      string,
      unknown
    >;
    assert.ok('creationTimestamp' in template && template['creationTimestamp'] === null, 'kubectl wrote the zero creationTimestamp back');
    await rolledOut('nginx:1.27');

    const all = await rsList();
    assert.deepEqual(
      all.map((r) => r.metadata.name).sort(),
      [first.metadata.name, (await rsByImage('nginx:1.28')).metadata.name].sort(),
      'no new ReplicaSet',
    );
    const reused = await rsByImage('nginx:1.27');
    assert.equal(reused.metadata.labels?.['pod-template-hash'], hash);
    assert.equal(revision(reused), '3');
    assert.equal(reused.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    const d = await h.client.get<{ metadata: { annotations?: Record<string, string> } }>(
      '/apis/apps/v1/namespaces/default/deployments/api',
    );
    assert.equal(revision(d), '3');
    const hist = await kubectl(['rollout', 'history', 'deployment/api']);
    assert.match(hist, /^2\s/m);
    assert.match(hist, /^3\s/m);
    assert.doesNotMatch(hist, /^1\s/m);
  });
});
