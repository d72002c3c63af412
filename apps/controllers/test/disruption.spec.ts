import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startConfiguredHarness } from './configured.harness.js';
import { eventually, listPods, markPodsReady, type Harness } from './helpers.js';

let h: Harness;
before(async () => {
  h = await startConfiguredHarness(['disruption', 'deployment', 'replicaset'], {});
});
after(async () => {
  await h.stop();
});

const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: main, image: "nginx:1.27"}]}
`;
const pdb = (name: string, app: string, budget: string) => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${name}}
spec:
  ${budget}
  selector: {matchLabels: {app: ${app}}}
`;
interface PdbJson {
  metadata: { generation: number };
  status?: {
    observedGeneration?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    disruptionsAllowed?: number;
    expectedPods?: number;
    conditions?: Array<{ type: string; status: string; reason: string; observedGeneration?: number }>;
  };
}
const get = (name: string) => h.client.get<PdbJson>(`/apis/policy/v1/namespaces/default/poddisruptionbudgets/${name}`);
const summary = (p: PdbJson) => {
  const c = p.status?.conditions?.find((x) => x.type === 'DisruptionAllowed');
  return [p.status?.expectedPods, p.status?.currentHealthy, p.status?.desiredHealthy, p.status?.disruptionsAllowed, c?.status, c?.reason];
};

describe('disruption controller', () => {
  it('integer minAvailable: counts selected pods, allows healthy - minAvailable', async () => {
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: deployment('web', 4) })).code, 0);
    await eventually(async () => (await listPods(h.client, 'default', 'app=web')).length === 4, '4 pods');
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: pdb('web-pdb', 'web', 'minAvailable: 3') })).code, 0);
    await eventually(async () => summary(await get('web-pdb'))[0] === 4, 'expected 4');
    assert.deepEqual(summary(await get('web-pdb')), [4, 0, 3, 0, 'False', 'InsufficientPods']);
    await markPodsReady(h.client, 'default', 'app=web');
    const p = await eventually(async () => {
      const x = await get('web-pdb');
      return x.status?.currentHealthy === 4 ? x : undefined;
    }, 'healthy 4');
    assert.deepEqual(summary(p), [4, 4, 3, 1, 'True', 'SufficientPods']);
    assert.equal(p.status?.observedGeneration, p.metadata.generation);
    const g = await h.t.kubectl(['get', 'pdb', 'web-pdb']);
    assert.match(g.stdout, /web-pdb\s+3\s+N\/A\s+1\s+/);
  });

  it("maxUnavailable and percentages use the controllers' replicas; changes of the budget and the scale are followed", async () => {
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: pdb('web-max', 'web', 'maxUnavailable: 25%') })).code, 0);
    // 25% of 4 rounds up to 1 unavailable → 3 desired.
    await eventually(
      async () => JSON.stringify(summary(await get('web-max'))) === JSON.stringify([4, 4, 3, 1, 'True', 'SufficientPods']),
      'maxUnavailable 25%',
    );
    await h.client.request('PATCH', '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web-pdb', {
      contentType: 'application/merge-patch+json',
      body: { spec: { minAvailable: '50%' } },
    });
    await eventually(async () => {
      const x = await get('web-pdb');
      return (
        x.status?.observedGeneration === x.metadata.generation &&
        JSON.stringify(summary(x)) === JSON.stringify([4, 4, 2, 2, 'True', 'SufficientPods'])
      );
    }, 'minAvailable 50%');
    // Scaling to 8 raises expectedPods before the new pods are ready.
    await h.t.kubectl(['scale', 'deployment', 'web', '--replicas=8']);
    await eventually(
      async () => JSON.stringify(summary(await get('web-max'))) === JSON.stringify([8, 4, 6, 0, 'False', 'InsufficientPods']),
      'after scale-up',
    );
  });

  it('a budget over pods without a controller and a percentage fails safe', async () => {
    await h.client.request('POST', '/api/v1/namespaces/default/pods', {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'lone', labels: { app: 'lone' } },
        spec: { containers: [{ name: 'm', image: 'nginx' }] },
      },
    });
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: pdb('lone-pdb', 'lone', 'minAvailable: 1') })).code, 0);
    await eventually(async () => summary(await get('lone-pdb'))[0] === 1, 'int minAvailable counts the unmanaged pod');
    assert.equal((await h.t.kubectl(['create', '-f', '-'], { stdin: pdb('lone-max', 'lone', 'maxUnavailable: 1') })).code, 0);
    await eventually(async () => {
      const s = summary(await get('lone-max'));
      return s[0] === 0 && s[3] === 0;
    }, 'unmanaged pods are not expected');
  });
});
