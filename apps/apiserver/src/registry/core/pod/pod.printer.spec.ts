import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../generic/strategy.interface.js';
import { podPrinter, summarizePod } from './pod.printer.js';

const now = new Date('2024-06-01T12:00:00Z');
const created = '2024-06-01T11:55:00Z';

function pod(spec: Record<string, unknown>, status: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default', creationTimestamp: created, ...meta },
    spec,
    status,
  };
}

const one = { containers: [{ name: 'app', image: 'nginx' }] };
const two = {
  containers: [
    { name: 'a', image: 'x' },
    { name: 'b', image: 'y' },
  ],
};

describe('pod printer', () => {
  it('Running with READY 1/2', () => {
    const p = pod(two, {
      phase: 'Running',
      containerStatuses: [
        { name: 'a', ready: true, restartCount: 0, state: { running: { startedAt: created } } },
        { name: 'b', ready: false, restartCount: 0, state: { running: { startedAt: created } } },
      ],
    });
    assert.deepEqual(summarizePod(p, now), { ready: '1/2', status: 'Running', restarts: '0' });
  });

  it('Pending with ContainerCreating', () => {
    const p = pod(one, {
      phase: 'Pending',
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
    });
    assert.equal(summarizePod(p, now).status, 'ContainerCreating');
  });

  it('Pending without statuses shows Pending 0/1', () => {
    const s = summarizePod(pod(one, { phase: 'Pending' }), now);
    assert.deepEqual([s.ready, s.status], ['0/1', 'Pending']);
  });

  it('CrashLoopBackOff with restarts and (ago) suffix', () => {
    const p = pod(one, {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'app',
          ready: false,
          restartCount: 5,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: '2024-06-01T11:58:00Z' } },
        },
      ],
    });
    assert.deepEqual(summarizePod(p, now), { ready: '0/1', status: 'CrashLoopBackOff', restarts: '5 (2m ago)' });
  });

  it('Completed with a Completed row condition', () => {
    const p = pod(one, {
      phase: 'Succeeded',
      containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    });
    assert.equal(summarizePod(p, now).status, 'Completed');
    assert.deepEqual(podPrinter.conditions?.(p), [
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
  });

  it('Init:0/1 while the init container runs', () => {
    const p = pod(
      { initContainers: [{ name: 'init', image: 'busybox' }], ...one },
      {
        phase: 'Pending',
        initContainerStatuses: [{ name: 'init', ready: false, restartCount: 0, state: { running: { startedAt: created } } }],
        containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }],
      },
    );
    assert.equal(summarizePod(p, now).status, 'Init:0/1');
  });

  it('Init:CrashLoopBackOff and Init:Error', () => {
    const spec = { initContainers: [{ name: 'init', image: 'busybox' }], ...one };
    const waiting = pod(spec, {
      phase: 'Pending',
      initContainerStatuses: [{ name: 'init', restartCount: 2, state: { waiting: { reason: 'CrashLoopBackOff' } } }],
    });
    assert.equal(summarizePod(waiting, now).status, 'Init:CrashLoopBackOff');
    const failed = pod(spec, {
      phase: 'Pending',
      initContainerStatuses: [{ name: 'init', state: { terminated: { exitCode: 1, reason: 'Error' } } }],
    });
    assert.equal(summarizePod(failed, now).status, 'Init:Error');
  });

  it('Terminating when a deletionTimestamp is set', () => {
    const p = pod(
      one,
      { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, state: { running: {} } }] },
      { deletionTimestamp: '2024-06-01T11:59:00Z' },
    );
    assert.equal(summarizePod(p, now).status, 'Terminating');
  });

  it('counts a started sidecar toward READY', () => {
    const p = pod(
      { initContainers: [{ name: 'side', image: 'envoy', restartPolicy: 'Always' }], ...one },
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [{ name: 'side', ready: true, started: true, restartCount: 0, state: { running: {} } }],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
      },
    );
    assert.deepEqual(summarizePod(p, now), { ready: '2/2', status: 'Running', restarts: '0' });
  });

  it('renders the full wide row', () => {
    const p = pod(
      { ...one, nodeName: 'node-1' },
      {
        phase: 'Running',
        podIPs: [{ ip: '10.0.0.5' }],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
      },
    );
    assert.deepEqual(podPrinter.row(p, now), ['p', '1/1', 'Running', '0', '5m', '10.0.0.5', 'node-1', '<none>', '<none>']);
    assert.deepEqual(
      podPrinter.columns.map((c) => [c.name, c.priority]),
      [
        ['Name', 0],
        ['Ready', 0],
        ['Status', 0],
        ['Restarts', 0],
        ['Age', 0],
        ['IP', 1],
        ['Node', 1],
        ['Nominated Node', 1],
        ['Readiness Gates', 1],
      ],
    );
  });
});
