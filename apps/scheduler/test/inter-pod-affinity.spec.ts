import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeClient } from '../../../libs/client/src/index.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';
import { startScheduler, type RunningScheduler } from '../src/scheduler.js';
import {
  clientFor,
  createNamespace,
  createNode,
  createPod,
  deleteNodes,
  getPod,
  waitFor,
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

describe('InterPodAffinity', () => {
  it('required anti-affinity by hostname puts 3 replicas on 3 nodes and leaves the 4th Pending', async () => {
    await createNamespace(client, 'anti');
    const nodes = ['anti-1', 'anti-2', 'anti-3'];
    for (const n of nodes) await createNode(client, n);
    const affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: HOSTNAME }],
      },
    };
    for (let i = 0; i < 4; i++) await createPod(client, 'anti', `web-${i}`, { labels: { app: 'web' }, affinity });
    const placed = new Set<string>();
    const pending: string[] = [];
    await waitFor('3 bound, 1 refused', async () => {
      placed.clear();
      pending.length = 0;
      for (let i = 0; i < 4; i++) {
        const p = await getPod(client, 'anti', `web-${i}`);
        if (p.spec.nodeName) placed.add(p.spec.nodeName);
        else if (p.status?.conditions?.some((c) => c.type === 'PodScheduled' && c.status === 'False')) pending.push(p.metadata.name);
      }
      return placed.size === 3 && pending.length === 1 ? true : undefined;
    });
    assert.deepEqual([...placed].sort(), nodes);
    assert.equal(
      await waitForUnschedulable(client, 'anti', pending[0]!),
      "0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    );
    const get = await t.kubectl(['get', 'pod', pending[0]!, '-n', 'anti', '--no-headers']);
    assert.match(get.stdout, /\s+0\/1\s+Pending\s/);
    await deleteNodes(client, ...nodes);
  });

  it('keeps a pod away from a node whose pod has anti-affinity against it (existing pods anti-affinity)', async () => {
    await createNamespace(client, 'existing');
    await createNode(client, 'ex-1', { cpu: '64' });
    await createNode(client, 'ex-2');
    await createPod(client, 'existing', 'loner', {
      nodeSelector: { [HOSTNAME]: 'ex-1' },
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { noisy: 'true' } }, topologyKey: HOSTNAME }],
        },
      },
    });
    assert.equal(await waitForNodeName(client, 'existing', 'loner'), 'ex-1');
    // ex-1 is the emptier node by far, yet every noisy pod must go to ex-2.
    for (let i = 0; i < 3; i++) await createPod(client, 'existing', `noisy-${i}`, { labels: { noisy: 'true' } });
    for (let i = 0; i < 3; i++) assert.equal(await waitForNodeName(client, 'existing', `noisy-${i}`), 'ex-2');
    await createPod(client, 'existing', 'pinned', { labels: { noisy: 'true' }, nodeSelector: { [HOSTNAME]: 'ex-1' } });
    assert.equal(
      await waitForUnschedulable(client, 'existing', 'pinned'),
      "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    );
    await deleteNodes(client, 'ex-1', 'ex-2');
  });

  it('required affinity follows the matching pod into its zone; with no match anywhere it waits', async () => {
    await createNamespace(client, 'aff');
    await createNode(client, 'aff-a1', { labels: { [ZONE]: 'a' }, cpu: '64' });
    await createNode(client, 'aff-b1', { labels: { [ZONE]: 'b' } });
    await createNode(client, 'aff-b2', { labels: { [ZONE]: 'b' } });
    await createPod(client, 'aff', 'db', { labels: { app: 'db' }, nodeSelector: { [HOSTNAME]: 'aff-b1' } });
    assert.equal(await waitForNodeName(client, 'aff', 'db'), 'aff-b1');
    const affinity = {
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: ZONE }],
      },
    };
    for (let i = 0; i < 4; i++) await createPod(client, 'aff', `web-${i}`, { labels: { app: 'web' }, affinity });
    for (let i = 0; i < 4; i++) assert.match(await waitForNodeName(client, 'aff', `web-${i}`), /^aff-b[12]$/);

    const missing = {
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'cache' } }, topologyKey: ZONE }],
      },
    };
    await createPod(client, 'aff', 'needs-cache', { labels: { app: 'web' }, affinity: missing });
    assert.equal(
      await waitForUnschedulable(client, 'aff', 'needs-cache'),
      "0/3 nodes are available: 3 node(s) didn't match pod affinity rules. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
    // The matching pod appearing (bound) wakes the waiting one.
    await createPod(client, 'aff', 'cache', { labels: { app: 'cache' }, nodeSelector: { [HOSTNAME]: 'aff-a1' } });
    assert.equal(await waitForNodeName(client, 'aff', 'needs-cache', 10_000), 'aff-a1');
    await deleteNodes(client, 'aff-a1', 'aff-b1', 'aff-b2');
  });

  it('a pod with affinity to its own labels may start the group', async () => {
    await createNamespace(client, 'self');
    await createNode(client, 'self-1', { labels: { [ZONE]: 'a' } });
    const affinity = {
      podAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'grp' } }, topologyKey: ZONE }],
      },
    };
    await createPod(client, 'self', 'first', { labels: { app: 'grp' }, affinity });
    assert.equal(await waitForNodeName(client, 'self', 'first'), 'self-1');
    await deleteNodes(client, 'self-1');
  });

  it('namespaceSelector widens anti-affinity to pods of labelled namespaces', async () => {
    await createNamespace(client, 'team-x', { team: 'x' });
    await createNamespace(client, 'team-y', { team: 'y' });
    await createNamespace(client, 'nssel');
    await createNode(client, 'ns-1', { cpu: '64' });
    await createNode(client, 'ns-2');
    await createNode(client, 'ns-3');
    await createPod(client, 'team-x', 'x-web', { labels: { app: 'web' }, nodeSelector: { [HOSTNAME]: 'ns-1' } });
    await createPod(client, 'team-y', 'y-web', { labels: { app: 'web' }, nodeSelector: { [HOSTNAME]: 'ns-2' } });
    assert.equal(await waitForNodeName(client, 'team-x', 'x-web'), 'ns-1');
    assert.equal(await waitForNodeName(client, 'team-y', 'y-web'), 'ns-2');
    const affinity = {
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { labelSelector: { matchLabels: { app: 'web' } }, namespaceSelector: { matchLabels: { team: 'x' } }, topologyKey: HOSTNAME },
        ],
      },
    };
    // ns-1 (team-x's web) is out; ns-2 (team-y's) is fine; the big ns-1 would win on resources otherwise.
    for (let i = 0; i < 3; i++)
      await createPod(client, 'nssel', `p${i}`, { affinity, nodeSelector: { [HOSTNAME]: i === 0 ? 'ns-2' : 'ns-1' } });
    assert.equal(await waitForNodeName(client, 'nssel', 'p0'), 'ns-2');
    assert.equal(
      await waitForUnschedulable(client, 'nssel', 'p1'),
      "0/3 nodes are available: 1 node(s) didn't match pod anti-affinity rules, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
    );
    await deleteNodes(client, 'ns-1', 'ns-2', 'ns-3');
  });

  it('preferred anti-affinity spreads replicas even onto a smaller node', async () => {
    await createNamespace(client, 'pref');
    await createNode(client, 'pref-big', { cpu: '64', memory: '256Gi' });
    await createNode(client, 'pref-small', { cpu: '2', memory: '4Gi' });
    const affinity = {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'spread' } }, topologyKey: HOSTNAME } },
        ],
      },
    };
    await createPod(client, 'pref', 'first', { labels: { app: 'spread' }, affinity, nodeSelector: { [HOSTNAME]: 'pref-big' } });
    assert.equal(await waitForNodeName(client, 'pref', 'first'), 'pref-big');
    await createPod(client, 'pref', 'second', { labels: { app: 'spread' }, affinity, cpu: '100m' });
    assert.equal(await waitForNodeName(client, 'pref', 'second'), 'pref-small');
    // Without the term the big node wins on free resources.
    await createPod(client, 'pref', 'plain', { cpu: '100m' });
    assert.equal(await waitForNodeName(client, 'pref', 'plain'), 'pref-big');
    await deleteNodes(client, 'pref-big', 'pref-small');
  });
});
