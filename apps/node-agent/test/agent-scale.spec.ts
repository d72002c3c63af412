import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventWriteQueue } from '../src/events/event-write.queue.js';
import { NodeHeartbeatLoop } from '../src/node/node-heartbeat.loop.js';
import type { SimNode } from '../src/node/sim.node.js';
import { trimPod } from '../src/pod/pod.trim.js';
import type { Pod } from '../src/pod/pod.types.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('node-agent at scale: bounded events, trimmed pod cache, fixed-rate leases', () => {
  it('event writes: at most `workers` in flight, the excess beyond maxQueued dropped, the rest written in order', async () => {
    const q = new EventWriteQueue(2, 3);
    const order: number[] = [];
    let inFlight = 0;
    let peak = 0;
    for (let i = 0; i < 8; i++) {
      q.schedule(async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await sleep(5);
        order.push(i);
        inFlight--;
      });
    }
    await q.drain(1000);
    // Two started at once, three queued, three dropped.
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.equal(q.written, 5);
    assert.equal(q.dropped, 3);
  });

  it("trims a cached pod to what the agent reads; other nodes' pods to their identity", () => {
    const pod: Pod = {
      metadata: {
        name: 'p',
        namespace: 'ns',
        uid: 'u1',
        resourceVersion: '7',
        annotations: { 'kop.dev/run-seconds': '3', 'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(5000) },
        managedFields: [{ manager: 'kubectl', fieldsV1: { 'f:spec': {} } }],
        labels: { app: 'web' },
      } as Pod['metadata'],
      spec: {
        nodeName: 'node-0',
        restartPolicy: 'Never',
        containers: [
          {
            name: 'main',
            image: 'nginx',
            readinessProbe: { initialDelaySeconds: 2 },
            resources: { limits: { cpu: '1' } },
          } as Pod['spec']['containers'][number],
        ],
      },
      status: {
        phase: 'Running',
        podIP: '10.244.0.5',
        conditions: [
          { type: 'PodScheduled', status: 'True' },
          { type: 'Ready', status: 'True' },
        ],
        containerStatuses: [
          { name: 'main', restartCount: 1, containerID: 'kop-sim://abc', state: { running: { startedAt: '2025-01-01T00:00:00Z' } } },
        ],
      },
    };
    const adoptable = trimPod(pod, true, false);
    assert.deepEqual(adoptable.metadata, {
      name: 'p',
      namespace: 'ns',
      uid: 'u1',
      resourceVersion: '7',
      annotations: { 'kop.dev/run-seconds': '3' },
    });
    assert.deepEqual(adoptable.spec, {
      nodeName: 'node-0',
      restartPolicy: 'Never',
      containers: [{ name: 'main', image: 'nginx', readinessProbe: { initialDelaySeconds: 2 } }],
    });
    assert.equal(adoptable.status?.podIP, '10.244.0.5');
    assert.equal(adoptable.status?.containerStatuses?.[0]?.state?.running?.startedAt, '2025-01-01T00:00:00Z');
    // Once the agent runs it, only conditions owned by others stay.
    assert.deepEqual(trimPod(pod, true, true).status, { conditions: [{ type: 'PodScheduled', status: 'True' }] });
    assert.deepEqual(trimPod(pod, false, false), {
      metadata: { name: 'p', namespace: 'ns', uid: 'u1', resourceVersion: '7' },
      spec: { nodeName: 'node-0', containers: [] },
    });
  });

  it('renews leases on a fixed-rate grid: a slow renewal delays only itself, and renewals never overlap', async () => {
    const sims = [0, 1, 2].map((i) => ({ id: { name: `node-${i}` } }) as SimNode);
    const starts = new Map<string, number[]>();
    let overlapping = 0;
    const busy = new Set<string>();
    const leases = {
      async renew(sim: SimNode): Promise<void> {
        const name = sim.id.name;
        if (busy.has(name)) overlapping++;
        busy.add(name);
        starts.set(name, [...(starts.get(name) ?? []), Date.now()]);
        // node-0's third renewal takes 2.5 intervals.
        await sleep(name === 'node-0' && starts.get(name)!.length === 3 ? 250 : 5);
        busy.delete(name);
      },
    };
    const loop = new NodeHeartbeatLoop(leases, { writeStatus: async () => undefined }, 100, 60_000, () => undefined);
    loop.start(sims);
    await sleep(1000);
    loop.stop();
    assert.equal(overlapping, 0);
    const one = starts.get('node-1')!;
    // Spread start within the first interval, then one every 100 ms.
    assert.ok(one.length >= 8 && one.length <= 11, `node-1 renewed ${one.length} times`);
    // The slow one is followed at once by the renewal owed meanwhile, then the grid goes on.
    const zero = starts.get('node-0')!;
    assert.ok(zero.length >= 6, `node-0 renewed ${zero.length} times`);
    assert.ok(zero[3]! - zero[2]! >= 240 && zero[3]! - zero[2]! < 300, `owed renewal after ${zero[3]! - zero[2]!} ms`);
    assert.ok(zero[4]! - zero[3]! < 100, `grid kept: next after ${zero[4]! - zero[3]!} ms`);
    // It left 50 ms after the last deadline it missed (two were missed, one renewal makes up for both).
    assert.ok(loop.stats.maxStartLateMs >= 40, `late by ${loop.stats.maxStartLateMs} ms`);
  });
});
