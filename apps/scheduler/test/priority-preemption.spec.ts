import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KubeClient } from '../../../libs/client/src/index.js';
import { startTestServer, type TestServer } from '../../../testing/test-server.js';
import type { Pod } from '../src/api/core.types.js';
import { startScheduler, type RunningScheduler } from '../src/scheduler.js';
import {
  clientFor,
  createNamespace,
  createPriorityClass,
  createNode,
  createPod,
  deleteNodes,
  eventsFor,
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
  scheduler = await startScheduler({ kubeConfig: c.kc, leaderElect: false, port: 0, queue: { initialBackoffMs: 50, maxBackoffMs: 200 } });
  for (const v of [0, 5, 10, 100, 500, 1000]) await createPriorityClass(client, `prio-${v}`, v);
  await createPriorityClass(client, 'prio-1000-never', 1000, 'Never');
});
after(async () => {
  await scheduler.stop();
  client.close();
  await t.stop();
});

/** Plays the kubelet for a pod the API left Terminating: finish the deletion. */
async function finishDeletion(ns: string, name: string): Promise<void> {
  await client.request('DELETE', `/api/v1/namespaces/${ns}/pods/${name}`, { query: { gracePeriodSeconds: 0 } });
}

async function metricsText(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${scheduler.port ?? 0}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return res.text();
}

function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? NaN : Number(line.slice(series.length + 1));
}

describe('priority and preemption', () => {
  it('pops the active queue by spec.priority: the high-priority pod gets the only room', async () => {
    await createNamespace(client, 'prio');
    // Created while no node exists, so all three wait; the node then wakes them together.
    await createPod(client, 'prio', 'low-1', { cpu: '600m' });
    await createPod(client, 'prio', 'low-2', { cpu: '600m', priorityClassName: 'prio-10' });
    await createPod(client, 'prio', 'high', { cpu: '600m', priorityClassName: 'prio-1000' });
    await waitForUnschedulable(client, 'prio', 'high');
    // Past every pod's backoff, so the node's arrival moves all three to the active queue at once.
    await new Promise((r) => setTimeout(r, 400));
    await createNode(client, 'prio-node', { cpu: '1' });
    assert.equal(await waitForNodeName(client, 'prio', 'high'), 'prio-node');
    // Nothing lower than 0/10 to evict for the others: both stay Pending, nobody was preempted.
    assert.equal(
      await waitFor('low-1 refused on the node', async () => {
        const m = await waitForUnschedulable(client, 'prio', 'low-1');
        return m.startsWith('0/1') ? m : undefined;
      }),
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    );
    // low-2 (priority 10) may evict priority-0 pods, but only low-1 is lower and it is not on the node.
    assert.match(await waitForUnschedulable(client, 'prio', 'low-2'), /^0\/1 nodes are available: 1 Insufficient cpu\. preemption: /);
    for (const n of ['low-1', 'low-2']) assert.equal((await getPod(client, 'prio', n)).spec.nodeName ?? '', '');
    assert.equal((await eventsFor(client, 'prio', 'high')).filter((e) => e.reason === 'Scheduled').length, 1);
    // The losers would otherwise take the next case's node.
    for (const n of ['low-1', 'low-2']) await client.request('DELETE', `/api/v1/namespaces/prio/pods/${n}`);
    await deleteNodes(client, 'prio-node');
  });

  it('preempts a lower-priority pod: DisruptionTarget, graceful delete, Preempted event, nominatedNodeName, then binds', async () => {
    await createNamespace(client, 'preempt');
    await createNode(client, 'pre-node', { cpu: '1' });
    await createPod(client, 'preempt', 'victim', { cpu: '600m', priorityClassName: 'prio-0' });
    assert.equal(await waitForNodeName(client, 'preempt', 'victim'), 'pre-node');
    await createPod(client, 'preempt', 'vip', { cpu: '600m', priorityClassName: 'prio-1000' });
    const vipUid = (await getPod(client, 'preempt', 'vip')).metadata.uid;

    // The victim is Terminating (no kubelet here to finish it) and the preemptor is nominated, not bound.
    const victim = await waitFor('victim terminating', async () => {
      const p = await getPod(client, 'preempt', 'victim');
      return p.metadata.deletionTimestamp ? p : undefined;
    });
    const dt = victim.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
    assert.equal(dt?.status, 'True');
    assert.equal(dt?.reason, 'PreemptionByScheduler');
    assert.equal(dt?.message, 'default-scheduler: preempting to accommodate a higher priority pod');
    assert.equal(victim.metadata['deletionGracePeriodSeconds'], 30);
    const vip: Pod = await waitFor('nominatedNodeName', async () => {
      const p = await getPod(client, 'preempt', 'vip');
      return p.status?.nominatedNodeName ? p : undefined;
    });
    assert.equal(vip.status?.nominatedNodeName, 'pre-node');
    assert.equal(vip.spec.nodeName ?? '', '');
    // A retry while the victim is still terminating rewrites the message with upstream's preemption reason.
    assert.match(
      vip.status?.conditions?.find((c) => c.type === 'PodScheduled')?.message ?? '',
      /^0\/1 nodes are available: 1 Insufficient cpu\.( preemption: not eligible due to a terminating pod on the nominated node\.)?$/,
    );
    const ev = await waitFor('Preempted event', async () =>
      (await eventsFor(client, 'preempt', 'victim')).find((e) => e.reason === 'Preempted'),
    );
    assert.equal(ev.type, 'Normal');
    assert.equal(ev.message, `Preempted by pod ${vipUid ?? ''} on node pre-node`);
    assert.equal(ev.source?.component, 'default-scheduler');

    // A lower-priority newcomer must not take the room being freed for the nominated pod.
    await createPod(client, 'preempt', 'sneaky', { cpu: '600m', priorityClassName: 'prio-500' });
    await waitForUnschedulable(client, 'preempt', 'sneaky');
    await finishDeletion('preempt', 'victim');
    assert.equal(await waitForNodeName(client, 'preempt', 'vip', 10_000), 'pre-node');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await getPod(client, 'preempt', 'sneaky')).spec.nodeName ?? '', '');
    await client.request('DELETE', '/api/v1/namespaces/preempt/pods/sneaky');
    await deleteNodes(client, 'pre-node');
  });

  it('picks the node whose victims matter least and evicts only as many as needed', async () => {
    await createNamespace(client, 'pick');
    await createNode(client, 'pick-a', { cpu: '1' });
    await createNode(client, 'pick-b', { cpu: '1' });
    await createPod(client, 'pick', 'a-mid', {
      cpu: '800m',
      priorityClassName: 'prio-100',
      nodeSelector: { 'kubernetes.io/hostname': 'pick-a' },
      terminationGracePeriodSeconds: 0,
    });
    await createPod(client, 'pick', 'b-low-1', {
      cpu: '400m',
      priorityClassName: 'prio-10',
      nodeSelector: { 'kubernetes.io/hostname': 'pick-b' },
      terminationGracePeriodSeconds: 0,
    });
    await createPod(client, 'pick', 'b-low-2', {
      cpu: '400m',
      priorityClassName: 'prio-5',
      nodeSelector: { 'kubernetes.io/hostname': 'pick-b' },
      terminationGracePeriodSeconds: 0,
    });
    for (const n of ['a-mid', 'b-low-1', 'b-low-2']) await waitForNodeName(client, 'pick', n);
    // 500m fits on pick-b after evicting one 400m pod: the lower (priority 5) one goes.
    await createPod(client, 'pick', 'urgent', { cpu: '500m', priorityClassName: 'prio-1000' });
    assert.equal(await waitForNodeName(client, 'pick', 'urgent', 10_000), 'pick-b');
    await assert.rejects(getPod(client, 'pick', 'b-low-2'));
    assert.equal((await getPod(client, 'pick', 'b-low-1')).metadata.deletionTimestamp, undefined);
    assert.equal((await getPod(client, 'pick', 'a-mid')).metadata.deletionTimestamp, undefined);
    await deleteNodes(client, 'pick-a', 'pick-b');
  });

  it('preemptionPolicy Never does not evict', async () => {
    await createNamespace(client, 'never');
    await createNode(client, 'never-node', { cpu: '1' });
    await createPod(client, 'never', 'sitting', { cpu: '600m' });
    await waitForNodeName(client, 'never', 'sitting');
    await client.request('POST', '/api/v1/namespaces/never/pods', {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'polite' },
        spec: {
          priorityClassName: 'prio-1000-never',
          containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '600m' } } }],
        },
      },
    });
    assert.equal(
      await waitForUnschedulable(client, 'never', 'polite'),
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.',
    );
    assert.equal((await getPod(client, 'never', 'sitting')).metadata.deletionTimestamp, undefined);
    await client.request('DELETE', '/api/v1/namespaces/never/pods/polite');
    await deleteNodes(client, 'never-node');
  });

  it('serves /healthz and Prometheus /metrics counting attempts by result', async () => {
    const health = await fetch(`http://127.0.0.1:${scheduler.port ?? 0}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(await health.text(), 'ok');
    const before = await metricsText();
    const scheduled = sample(before, 'scheduler_schedule_attempts_total{profile="default-scheduler",result="scheduled"}');
    const unschedulable = sample(before, 'scheduler_schedule_attempts_total{profile="default-scheduler",result="unschedulable"}');
    assert.ok(scheduled >= 5 && unschedulable >= 3, `${scheduled} ${unschedulable}`);

    await createNamespace(client, 'metrics');
    await createNode(client, 'm-node', { cpu: '1' });
    await createPod(client, 'metrics', 'fits', { cpu: '100m' });
    await createPod(client, 'metrics', 'too-big', { cpu: '2' });
    await waitForNodeName(client, 'metrics', 'fits');
    await waitForUnschedulable(client, 'metrics', 'too-big');
    const text = await waitFor('metrics to count both', async () => {
      const m = await metricsText();
      const s = sample(m, 'scheduler_schedule_attempts_total{profile="default-scheduler",result="scheduled"}');
      const u = sample(m, 'scheduler_schedule_attempts_total{profile="default-scheduler",result="unschedulable"}');
      return s === scheduled + 1 && u >= unschedulable + 1 ? m : undefined;
    });
    assert.match(text, /^# TYPE scheduler_schedule_attempts_total counter$/m);
    assert.match(text, /^# TYPE scheduler_scheduling_attempt_duration_seconds histogram$/m);
    assert.match(
      text,
      /^scheduler_scheduling_attempt_duration_seconds_bucket\{profile="default-scheduler",result="scheduled",le="0\.001"\} \d+$/m,
    );
    assert.match(
      text,
      /^scheduler_scheduling_attempt_duration_seconds_bucket\{profile="default-scheduler",result="scheduled",le="16\.384"\} \d+$/m,
    );
    assert.equal(
      sample(text, 'scheduler_scheduling_attempt_duration_seconds_count{profile="default-scheduler",result="scheduled"}'),
      scheduled + 1,
    );
    assert.equal(
      sample(text, 'scheduler_scheduling_attempt_duration_seconds_bucket{profile="default-scheduler",result="scheduled",le="+Inf"}'),
      scheduled + 1,
    );
    // too-big (and the still-pending pods of earlier cases) wait in the unschedulable set or backoff.
    const parked = sample(text, 'scheduler_pending_pods{queue="unschedulable"}') + sample(text, 'scheduler_pending_pods{queue="backoff"}');
    assert.ok(parked >= 1, text);
    assert.ok(sample(text, 'scheduler_preemption_attempts_total') >= 2);
    assert.equal((await fetch(`http://127.0.0.1:${scheduler.port ?? 0}/nope`)).status, 404);
    await deleteNodes(client, 'm-node');
  });
});
