import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KubeClient } from '../../../libs/client/src/index.js';
import { startTestCluster, type TestCluster } from '../../../testing/test-cluster.js';
import { eventually, listPods } from './helpers.js';

let c: TestCluster;
let client: KubeClient;
before(async () => {
  c = await startTestCluster({ nodes: 2 });
  client = new KubeClient(c.kc);
});
after(async () => {
  client.close();
  await c.stop();
});

describe('DaemonSet on the whole plane', () => {
  it('the scheduler binds each pinned pod to its node and kubectl rollout status succeeds', async () => {
    const nodes = await eventually(async () => {
      const n = (await client.get<{ items: Array<{ metadata: { name: string } }> }>('/api/v1/nodes')).items
        .map((x) => x.metadata.name)
        .sort();
      return n.length === 2 ? n : undefined;
    }, 'two nodes');
    const manifest = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: logs}
spec:
  selector: {matchLabels: {app: logs}}
  template:
    metadata: {labels: {app: logs}}
    spec: {containers: [{name: main, image: "fluent-bit:3"}]}
`;
    const r = await c.kubectl(['apply', '-f', '-'], { stdin: manifest });
    assert.equal(r.code, 0, r.stderr);
    const st = await c.kubectl(['rollout', 'status', 'daemonset/logs', '--timeout=40s'], { timeoutMs: 45_000 });
    assert.equal(st.code, 0, st.stderr + st.stdout);
    assert.match(st.stdout, /daemon set "logs" successfully rolled out/);
    const pods = (await listPods(client, 'default', 'app=logs')).filter((p) => !p.metadata.deletionTimestamp);
    assert.deepEqual(pods.map((p) => p.spec.nodeName).sort(), nodes);
    assert.ok(pods.every((p) => p.status?.phase === 'Running'));

    const upd = await c.kubectl(['set', 'image', 'daemonset/logs', 'main=fluent-bit:4']);
    assert.equal(upd.code, 0, upd.stderr);
    const st2 = await c.kubectl(['rollout', 'status', 'daemonset/logs', '--timeout=40s'], { timeoutMs: 45_000 });
    assert.equal(st2.code, 0, st2.stderr + st2.stdout);
    const undo = await c.kubectl(['rollout', 'undo', 'daemonset/logs']);
    assert.equal(undo.code, 0, undo.stderr);
    const st3 = await c.kubectl(['rollout', 'status', 'daemonset/logs', '--timeout=40s'], { timeoutMs: 45_000 });
    assert.equal(st3.code, 0, st3.stderr + st3.stdout);
  });
});
