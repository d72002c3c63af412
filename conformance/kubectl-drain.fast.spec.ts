import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterFixture, until } from './lib/api.js';

// Node maintenance on a whole control plane: cordon, drain (evictions), uncordon.

const { api, cluster } = clusterFixture(2);

interface Pod {
  metadata: { name: string };
  spec: { nodeName?: string };
  status?: { phase?: string };
}

async function podsOn(node: string, selector: string): Promise<Pod[]> {
  const l = (
    await api.get<{ items: Pod[] }>(`/api/v1/namespaces/default/pods?labelSelector=${selector}&fieldSelector=spec.nodeName%3D${node}`)
  ).body;
  return l.items;
}

describe('kubectl cordon / drain / uncordon', () => {
  it('drain evicts the pods of a node, the Deployment recreates them elsewhere, and the node stays unschedulable', async () => {
    const k = cluster().kubectl;
    assert.equal((await k(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=4'])).code, 0);
    const ready = await k(['rollout', 'status', 'deployment/web', '--timeout=60s']);
    assert.equal(ready.code, 0, ready.stderr);
    const before = await podsOn('node-0', 'app%3Dweb');
    assert.ok(before.length > 0, 'the scheduler spread the pods over both nodes');
    const drained = await k(['drain', 'node-0', '--ignore-daemonsets', '--timeout=60s']);
    assert.equal(drained.code, 0, drained.stderr);
    assert.match(drained.stdout, /node\/node-0 cordoned/);
    assert.match(drained.stdout, /evicting pod default\/web-/);
    assert.match(drained.stdout, /node\/node-0 drained/);
    assert.equal((await podsOn('node-0', 'app%3Dweb')).length, 0);
    await until('4 pods running on node-1', async () => {
      const ps = await podsOn('node-1', 'app%3Dweb');
      return ps.length === 4 && ps.every((p) => p.status?.phase === 'Running');
    });
    const nodes = await k(['get', 'nodes']);
    assert.match(nodes.stdout, /node-0\s+Ready,SchedulingDisabled/);
    const un = await k(['uncordon', 'node-0']);
    assert.equal(un.stdout.trim(), 'node/node-0 uncordoned');
    assert.doesNotMatch((await k(['get', 'nodes'])).stdout, /SchedulingDisabled/);
  });
});
