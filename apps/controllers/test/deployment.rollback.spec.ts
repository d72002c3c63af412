import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, listPods, markPodsReady, startHarness, type Harness } from './helpers.js';

let h: Harness;
let ready: { stop(): void };
before(async () => {
  h = await startHarness(['deployment', 'replicaset']);
  ready = readyLoop('web');
});
after(async () => {
  ready.stop();
  await h.stop();
});

interface RS {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { replicas: number; template: { spec: { containers: Array<{ image: string }> } } };
}
interface Deploy {
  metadata: { generation: number; annotations?: Record<string, string> };
  spec: { template: { spec: { containers: Array<{ image: string }> } } };
}

function readyLoop(app: string): { stop(): void } {
  let running = true;
  void (async () => {
    while (running) {
      await markPodsReady(h.client, 'default', `app=${app}`).catch(() => 0);
      await new Promise((r) => setTimeout(r, 150));
    }
  })();
  return { stop: () => (running = false) };
}

const kubectl = async (args: string[]): Promise<string> => {
  const r = await h.t.kubectl(args);
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};
const rsList = async (): Promise<RS[]> =>
  (await h.client.get<{ items: RS[] }>('/apis/apps/v1/namespaces/default/replicasets', { labelSelector: 'app=web' })).items;
const rsByImage = async (image: string): Promise<RS> => {
  const rs = (await rsList()).find((r) => r.spec.template.spec.containers[0]?.image === image);
  assert.ok(rs, `a ReplicaSet for ${image}`);
  return rs;
};
const deploy = () => h.client.get<Deploy>('/apis/apps/v1/namespaces/default/deployments/web');
const rolledOut = async (image: string): Promise<void> => {
  assert.match(await kubectl(['rollout', 'status', 'deployment/web', '--timeout=30s']), /successfully rolled out/);
  await eventually(async () => {
    const pods = (await listPods(h.client, 'default', 'app=web')).filter((p) => !p.metadata.deletionTimestamp);
    const rs = await rsByImage(image);
    return pods.length === 2 && pods.every((p) => p.metadata.labels?.['pod-template-hash'] === rs.metadata.name.split('-').at(-1));
  }, `only ${image} pods`);
};
const revisionOf = (rs: RS): string | undefined => rs.metadata.annotations?.['deployment.kubernetes.io/revision'];

describe('Deployment rollback with kubectl rollout history / undo', () => {
  it('records one revision per template with its change-cause', async () => {
    await kubectl(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2']);
    // Annotating after creation still reaches the new ReplicaSet: annotations are copied on every sync.
    await kubectl(['annotate', 'deployment/web', 'kubernetes.io/change-cause=v1']);
    await rolledOut('nginx:1.27');
    for (const v of ['2', '3']) {
      // Cause and template in one write, as --record did: a separate annotate would also relabel the current RS.
      const patch = {
        metadata: { annotations: { 'kubernetes.io/change-cause': `v${v}` } },
        spec: { template: { spec: { containers: [{ name: 'nginx', image: `nginx:1.2${Number(v) + 6}` }] } } },
      };
      await kubectl(['patch', 'deployment/web', '--type=merge', '-p', JSON.stringify(patch)]);
      await rolledOut(`nginx:1.2${Number(v) + 6}`);
    }
    const hist = await kubectl(['rollout', 'history', 'deployment/web']);
    assert.match(hist, /^1\s+v1$/m);
    assert.match(hist, /^2\s+v2$/m);
    assert.match(hist, /^3\s+v3$/m);
    assert.match(await kubectl(['rollout', 'history', 'deployment/web', '--revision=2']), /nginx:1\.28/);
  });

  it('undo reuses the previous ReplicaSet and moves its revision to the top', async () => {
    const rs2 = await rsByImage('nginx:1.28');
    assert.match(await kubectl(['rollout', 'undo', 'deployment/web']), /deployment\.apps\/web rolled back/);
    assert.equal((await deploy()).spec.template.spec.containers[0]?.image, 'nginx:1.28');
    await rolledOut('nginx:1.28');
    assert.equal((await rsList()).length, 3, 'no new ReplicaSet');
    const reused = await rsByImage('nginx:1.28');
    assert.equal(reused.metadata.name, rs2.metadata.name);
    assert.equal(revisionOf(reused), '4');
    assert.equal(reused.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '2');
    assert.equal((await deploy()).metadata.annotations?.['deployment.kubernetes.io/revision'], '4');
    const hist = await kubectl(['rollout', 'history', 'deployment/web']);
    assert.match(hist, /^1\s+v1$/m);
    assert.match(hist, /^3\s+v3$/m);
    assert.match(hist, /^4\s+v2$/m);
    assert.doesNotMatch(hist, /^2\s/m);
  });

  it('undo --to-revision picks that revision; the current one is skipped', async () => {
    assert.match(await kubectl(['rollout', 'undo', 'deployment/web', '--to-revision=1']), /rolled back/);
    await rolledOut('nginx:1.27');
    const rs1 = await rsByImage('nginx:1.27');
    assert.equal(revisionOf(rs1), '5');
    assert.equal(rs1.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '1');
    assert.equal((await rsList()).length, 3);
    const skip = await kubectl(['rollout', 'undo', 'deployment/web', '--to-revision=5']);
    assert.match(skip, /skipped rollback \(current template already matches revision 5\)/);
    const missing = await h.t.kubectl(['rollout', 'undo', 'deployment/web', '--to-revision=2']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /unable to find specified revision 2 in history/);
    // Back and forth again: the history annotation keeps every earlier number.
    await kubectl(['rollout', 'undo', 'deployment/web', '--to-revision=4']);
    await rolledOut('nginx:1.28');
    const rs2 = await rsByImage('nginx:1.28');
    assert.equal(revisionOf(rs2), '6');
    assert.equal(rs2.metadata.annotations?.['deployment.kubernetes.io/revision-history'], '2,4');
    await kubectl(['rollout', 'pause', 'deployment/web']);
    const paused = await h.t.kubectl(['rollout', 'undo', 'deployment/web']);
    assert.notEqual(paused.code, 0);
    assert.match(paused.stderr, /you cannot rollback a paused deployment/);
  });
});
