import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeClient } from '../../../libs/client/src/index.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';
import type { Pod } from '../src/api/core.types.js';
import { startScheduler, type RunningScheduler } from '../src/scheduler.js';
import { clientFor, createNamespace, createNode, createPod, eventsFor, getPod, waitFor, waitForNodeName } from './scheduler.fixtures.js';

let t: TestServer;
let client: KubeClient;
let scheduler: RunningScheduler;

before(async () => {
  t = await startTestServer();
  const c = clientFor(t.kubeconfig);
  client = c.client;
  scheduler = await startScheduler({ kubeConfig: c.kc, renewEveryMs: 500 });
  await waitFor('leadership', async () => (scheduler.stats().leading ? true : undefined));
});
after(async () => {
  await scheduler.stop();
  client.close();
  await t.stop();
});

/** Each case gets its own nodes; removing them keeps the next case's node count exact. */
async function deleteNodes(...names: string[]): Promise<void> {
  for (const n of names) await client.request('DELETE', `/api/v1/nodes/${n}`);
}

describe('scheduler', () => {
  it('binds a pod to a node, records Scheduled, and kubectl -o wide shows the NODE', async () => {
    await createNamespace(client, 'basic');
    await createNode(client, 'basic-node');
    await createPod(client, 'basic', 'web', { cpu: '100m' });
    assert.equal(await waitForNodeName(client, 'basic', 'web'), 'basic-node');
    const ev = await waitFor('Scheduled event', async () =>
      (await eventsFor(client, 'basic', 'web')).find((e) => e.reason === 'Scheduled'),
    );
    assert.equal(ev.type, 'Normal');
    assert.equal(ev.message, 'Successfully assigned basic/web to basic-node');
    assert.equal(ev.source?.component, 'default-scheduler');
    const wide = await t.kubectl(['get', 'pod', 'web', '-n', 'basic', '-o', 'wide']);
    assert.equal(wide.code, 0, wide.stderr);
    const [head, row] = wide.stdout
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s{2,}/));
    assert.equal(row![head!.indexOf('NODE')], 'basic-node');
    await deleteNodes('basic-node');
  });

  it('avoids a cordoned node', async () => {
    await createNamespace(client, 'cordon');
    await createNode(client, 'cordon-off', { unschedulable: true, cpu: '64' });
    await createNode(client, 'cordon-on');
    for (let i = 0; i < 3; i++) await createPod(client, 'cordon', `p${i}`);
    for (let i = 0; i < 3; i++) assert.equal(await waitForNodeName(client, 'cordon', `p${i}`), 'cordon-on');
    await deleteNodes('cordon-off', 'cordon-on');
  });

  it('respects nodeSelector', async () => {
    await createNamespace(client, 'selector');
    await createNode(client, 'sel-hdd', { labels: { disk: 'hdd' }, cpu: '64' });
    await createNode(client, 'sel-ssd', { labels: { disk: 'ssd' } });
    for (let i = 0; i < 3; i++) await createPod(client, 'selector', `p${i}`, { nodeSelector: { disk: 'ssd' } });
    for (let i = 0; i < 3; i++) assert.equal(await waitForNodeName(client, 'selector', `p${i}`), 'sel-ssd');
    await deleteNodes('sel-hdd', 'sel-ssd');
  });

  it('reports Insufficient cpu as upstream does, then schedules once a big node appears', async () => {
    await createNamespace(client, 'fit');
    await createNode(client, 'fit-1', { cpu: '1' });
    await createNode(client, 'fit-2', { cpu: '1' });
    await createNode(client, 'fit-3', { cpu: '8', unschedulable: true });
    await createPod(client, 'fit', 'big', { cpu: '2' });
    const expected =
      '0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    // Requests above a node's whole allocatable cannot be solved by preemption either (upstream marks them unresolvable).
    const expectedUnresolvable =
      '0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    const cond = await waitFor('PodScheduled=False', async () =>
      (await getPod(client, 'fit', 'big')).status?.conditions?.find((c) => c.type === 'PodScheduled'),
    );
    assert.equal(cond.status, 'False');
    assert.equal(cond.reason, 'Unschedulable');
    assert.equal(cond.message, expectedUnresolvable);
    assert.notEqual(cond.message, expected);
    const ev = await waitFor('FailedScheduling', async () =>
      (await eventsFor(client, 'fit', 'big')).find((e) => e.reason === 'FailedScheduling'),
    );
    assert.equal(ev.type, 'Warning');
    assert.equal(ev.message, expectedUnresolvable);
    const get = await t.kubectl(['get', 'pod', 'big', '-n', 'fit', '--no-headers']);
    assert.match(get.stdout, /^big\s+0\/1\s+Pending\s/);

    const t0 = Date.now();
    await createNode(client, 'fit-big', { cpu: '4' });
    assert.equal(await waitForNodeName(client, 'fit', 'big', 10_000), 'fit-big');
    assert.ok(Date.now() - t0 < 5000, `rescheduled after ${Date.now() - t0} ms`);
    await deleteNodes('fit-1', 'fit-2', 'fit-3', 'fit-big');
  });

  it('keeps pods off a NoSchedule taint unless they tolerate it', async () => {
    await createNamespace(client, 'taint');
    await createNode(client, 'taint-gpu', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], cpu: '64' });
    await createPod(client, 'taint', 'alone');
    const cond = await waitFor('PodScheduled=False', async () =>
      (await getPod(client, 'taint', 'alone')).status?.conditions?.find((c) => c.type === 'PodScheduled'),
    );
    assert.equal(
      cond.message,
      '0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.',
    );

    await createNode(client, 'taint-plain');
    assert.equal(await waitForNodeName(client, 'taint', 'alone'), 'taint-plain');
    for (let i = 0; i < 3; i++) await createPod(client, 'taint', `p${i}`);
    for (let i = 0; i < 3; i++) assert.equal(await waitForNodeName(client, 'taint', `p${i}`), 'taint-plain');
    await createPod(client, 'taint', 'tolerant', {
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
      nodeSelector: { 'kubernetes.io/hostname': 'taint-gpu' },
    });
    assert.equal(await waitForNodeName(client, 'taint', 'tolerant'), 'taint-gpu');
    await deleteNodes('taint-gpu', 'taint-plain');
  });

  it('spreads 4 pods 2/2 over two equal nodes (LeastAllocated)', async () => {
    await createNamespace(client, 'spread');
    await createNode(client, 'spread-a');
    await createNode(client, 'spread-b');
    for (let i = 0; i < 4; i++) await createPod(client, 'spread', `p${i}`, { cpu: '500m', memory: '512Mi' });
    const placed: string[] = [];
    for (let i = 0; i < 4; i++) placed.push(await waitForNodeName(client, 'spread', `p${i}`));
    assert.deepEqual(placed.filter((n) => n === 'spread-a').length, 2, placed.join(','));
    assert.deepEqual(placed.filter((n) => n === 'spread-b').length, 2, placed.join(','));
    await deleteNodes('spread-a', 'spread-b');
  });

  it('leaves pods of another schedulerName alone', async () => {
    await createNamespace(client, 'other');
    await createNode(client, 'other-node');
    await createPod(client, 'other', 'mine');
    await createPod(client, 'other', 'theirs', { schedulerName: 'my-scheduler' });
    await waitForNodeName(client, 'other', 'mine');
    await new Promise((r) => setTimeout(r, 500));
    const theirs: Pod = await getPod(client, 'other', 'theirs');
    assert.equal(theirs.spec.nodeName ?? '', '');
    assert.equal(
      theirs.status?.conditions?.find((c) => c.type === 'PodScheduled'),
      undefined,
    );
    await deleteNodes('other-node');
  });
});
