import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeClient } from '../../../libs/client/src/index.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';
import type { TopologySpreadConstraint } from '../src/api/core.types.js';
import { startScheduler, type RunningScheduler } from '../src/scheduler.js';
import {
  clientFor,
  createNamespace,
  createNode,
  createPod,
  deleteNodes,
  waitForNodeName,
  waitForUnschedulable,
} from './scheduler.fixtures.js';

let t: TestServer;
let client: KubeClient;
let scheduler: RunningScheduler;

before(async () => {
  t = await startTestServer();
  const c = clientFor(t.kubeconfig);
  client = c.client;
  scheduler = await startScheduler({ kubeConfig: c.kc, leaderElect: false, queue: { initialBackoffMs: 100, maxBackoffMs: 500 } });
});
after(async () => {
  await scheduler.stop();
  client.close();
  await t.stop();
});

const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';
const zoneSpread = (extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint[] => [
  { maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra },
];

function count(placed: string[], prefix: string): number {
  return placed.filter((n) => n.startsWith(prefix)).length;
}

describe('PodTopologySpread', () => {
  it('maxSkew 1 across two zones splits 6 pods 3/3 although zone a has far more room', async () => {
    await createNamespace(client, 'zones');
    await createNode(client, 'za-1', { labels: { [ZONE]: 'a' }, cpu: '64', memory: '256Gi' });
    await createNode(client, 'za-2', { labels: { [ZONE]: 'a' }, cpu: '64', memory: '256Gi' });
    await createNode(client, 'zb-1', { labels: { [ZONE]: 'b' }, cpu: '4' });
    const placed: string[] = [];
    for (let i = 0; i < 6; i++) {
      await createPod(client, 'zones', `web-${i}`, { labels: { app: 'web' }, topologySpreadConstraints: zoneSpread(), cpu: '100m' });
      placed.push(await waitForNodeName(client, 'zones', `web-${i}`));
      // After every placement the zones differ by at most maxSkew.
      assert.ok(Math.abs(count(placed, 'za') - count(placed, 'zb')) <= 1, placed.join(','));
    }
    assert.equal(count(placed, 'zb'), 3, placed.join(','));
    await deleteNodes(client, 'za-1', 'za-2', 'zb-1');
  });

  it('reports skew and missing-label nodes as upstream; minDomains counts absent domains as empty', async () => {
    await createNamespace(client, 'mindom');
    await createNode(client, 'md-a', { labels: { [ZONE]: 'a' } });
    await createNode(client, 'md-b', { labels: { [ZONE]: 'b' } });
    await createNode(client, 'md-nozone', { cpu: '64' });
    const tsc = zoneSpread({ minDomains: 3 });
    // Three domains are wanted but two exist: the global minimum is 0, so each zone takes maxSkew (1) pod.
    for (let i = 0; i < 3; i++) await createPod(client, 'mindom', `web-${i}`, { labels: { app: 'web' }, topologySpreadConstraints: tsc });
    const placed = [await waitForNodeName(client, 'mindom', 'web-0'), await waitForNodeName(client, 'mindom', 'web-1')].sort();
    assert.deepEqual(placed, ['md-a', 'md-b']);
    assert.equal(
      await waitForUnschedulable(client, 'mindom', 'web-2'),
      "0/3 nodes are available: 1 node(s) didn't match pod topology spread constraints (missing required label), 2 node(s) didn't match pod topology spread constraints. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    );
    await deleteNodes(client, 'md-a', 'md-b', 'md-nozone');
  });

  it('nodeAffinityPolicy Honor (default): zones the pod cannot use do not count, so a nodeSelector into one zone is not blocked', async () => {
    await createNamespace(client, 'honor');
    await createNode(client, 'ho-a', { labels: { [ZONE]: 'a' } });
    await createNode(client, 'ho-b', { labels: { [ZONE]: 'b' } });
    for (let i = 0; i < 3; i++)
      await createPod(client, 'honor', `web-${i}`, {
        labels: { app: 'web' },
        topologySpreadConstraints: zoneSpread(),
        nodeSelector: { [ZONE]: 'a' },
      });
    for (let i = 0; i < 3; i++) assert.equal(await waitForNodeName(client, 'honor', `web-${i}`), 'ho-a');
    // With Ignore, empty zone b is the global minimum: a second pod in zone a would make skew 2.
    for (let i = 0; i < 2; i++)
      await createPod(client, 'honor', `ign-${i}`, {
        labels: { app: 'ign' },
        topologySpreadConstraints: zoneSpread({ labelSelector: { matchLabels: { app: 'ign' } }, nodeAffinityPolicy: 'Ignore' }),
        nodeSelector: { [ZONE]: 'a' },
      });
    assert.equal(await waitForNodeName(client, 'honor', 'ign-0'), 'ho-a');
    assert.match(await waitForUnschedulable(client, 'honor', 'ign-1'), /1 node\(s\) didn't match pod topology spread constraints/);
    await deleteNodes(client, 'ho-a', 'ho-b');
  });

  it('ScheduleAnyway only scores: pods spread over hostnames but never wait', async () => {
    await createNamespace(client, 'anyway');
    await createNode(client, 'any-big', { cpu: '64', memory: '256Gi' });
    await createNode(client, 'any-small', { cpu: '4' });
    const tsc: TopologySpreadConstraint[] = [
      { maxSkew: 1, topologyKey: HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'any' } } },
    ];
    const placed: string[] = [];
    for (let i = 0; i < 4; i++) {
      await createPod(client, 'anyway', `p${i}`, { labels: { app: 'any' }, topologySpreadConstraints: tsc, cpu: '100m' });
      placed.push(await waitForNodeName(client, 'anyway', `p${i}`));
    }
    assert.equal(count(placed, 'any-small'), 2, placed.join(','));
    await deleteNodes(client, 'any-big', 'any-small');
  });

  it('system default constraints spread ReplicaSet-owned pods; pods without an owner are not spread', async () => {
    await createNamespace(client, 'defaults');
    await createNode(client, 'def-big', { cpu: '64', memory: '256Gi', labels: { [ZONE]: 'a' } });
    await createNode(client, 'def-small', { cpu: '8', memory: '16Gi', labels: { [ZONE]: 'b' } });
    const rs = await client.request<{ metadata: { uid: string } }>('POST', '/apis/apps/v1/namespaces/defaults/replicasets', {
      body: {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web' },
        spec: {
          replicas: 0,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] } },
        },
      },
    });
    const owner = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true };
    // Let the scheduler's ReplicaSet informer see it.
    await new Promise((r) => setTimeout(r, 300));
    const owned: string[] = [];
    for (let i = 0; i < 6; i++) {
      await createPod(client, 'defaults', `web-${i}`, { labels: { app: 'web' }, ownerReferences: [owner], cpu: '100m' });
      owned.push(await waitForNodeName(client, 'defaults', `web-${i}`));
    }
    assert.ok(count(owned, 'def-small') >= 2, owned.join(','));
    const loose: string[] = [];
    for (let i = 0; i < 4; i++) {
      await createPod(client, 'defaults', `loose-${i}`, { labels: { app: 'loose' }, cpu: '100m' });
      loose.push(await waitForNodeName(client, 'defaults', `loose-${i}`));
    }
    assert.equal(count(loose, 'def-big'), 4, loose.join(','));
    await deleteNodes(client, 'def-big', 'def-small');
  });
});
