import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, listPods, markPodsReady, startHarness, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await startHarness(['deployment', 'replicaset']);
});
after(async () => {
  await h.stop();
});

interface Deploy {
  status?: { conditions?: Array<{ type: string; status: string; reason: string; message: string }> };
}
const progressing = async (name: string) =>
  ((await h.client.get<Deploy>(`/apis/apps/v1/namespaces/default/deployments/${name}`)).status?.conditions ?? []).find(
    (c) => c.type === 'Progressing',
  );
const yaml = (name: string, extra: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: 2
${extra}  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: "nginx:1.27"}]}
`;

describe('Deployment progress reporting', () => {
  it('reports ProgressDeadlineExceeded when pods never become ready, and kubectl rollout status fails', async () => {
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: yaml('slow', '  progressDeadlineSeconds: 2\n') })).code, 0);
    const c = await eventually(
      async () => {
        const p = await progressing('slow');
        return p?.reason === 'ProgressDeadlineExceeded' ? p : undefined;
      },
      'deadline exceeded',
      10_000,
    );
    assert.equal(c.status, 'False');
    assert.match(c.message, /^ReplicaSet "slow-[a-z0-9]+" has timed out progressing\.$/);
    const r = await h.t.kubectl(['rollout', 'status', 'deployment/slow', '--timeout=5s']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /deployment "slow" exceeded its progress deadline/);
    const a = await h.client.get<Deploy>('/apis/apps/v1/namespaces/default/deployments/slow');
    const avail = a.status?.conditions?.find((x) => x.type === 'Available');
    assert.deepEqual([avail?.status, avail?.reason], ['False', 'MinimumReplicasUnavailable']);
  });

  it('a paused deployment does not roll out a template change, and resumes when unpaused', async () => {
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: yaml('held', '') })).code, 0);
    await eventually(async () => (await listPods(h.client, 'default', 'app=held')).length === 2, 'pods');
    await markPodsReady(h.client, 'default', 'app=held');
    await eventually(async () => (await progressing('held'))?.reason === 'NewReplicaSetAvailable', 'complete');
    const patch = (body: unknown) =>
      h.client.request('PATCH', '/apis/apps/v1/namespaces/default/deployments/held', { contentType: 'application/merge-patch+json', body });
    await patch({ spec: { paused: true } });
    await eventually(async () => {
      const p = await progressing('held');
      return p?.reason === 'DeploymentPaused' && p.status === 'Unknown' && p.message === 'Deployment is paused';
    }, 'paused condition');
    await patch({ spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } });
    await new Promise((r) => setTimeout(r, 700));
    const rss = () => h.client.get<{ items: unknown[] }>('/apis/apps/v1/namespaces/default/replicasets', { labelSelector: 'app=held' });
    assert.equal((await rss()).items.length, 1, 'no new ReplicaSet while paused');
    await patch({ spec: { paused: false } });
    await eventually(async () => (await rss()).items.length === 2, 'rollout after resume');
  });
});
