import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRollingUpdate } from './daemonset.rolling.js';
import type { DaemonSet, Node } from './daemonset.types.js';
import type { Pod as DaemonPod } from '../../../../libs/api/src/model/core.types.js';
import { nodeShouldRunDaemonPod } from './node.eligibility.js';

const ds = (ru: { maxSurge?: number; maxUnavailable?: number }): DaemonSet => ({
  metadata: { name: 'd' },
  spec: { selector: { matchLabels: { a: 'b' } }, template: { spec: {} }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: ru } },
});
const pod = (name: string, hash: string, ready: boolean): DaemonPod => ({
  metadata: { name, labels: { 'controller-revision-hash': hash } },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const node = (taints: Node['spec'] = {}): Node => ({ metadata: { name: 'n', labels: { zone: 'a' } }, spec: taints });

describe('planRollingUpdate', () => {
  it('without surge deletes old pods up to maxUnavailable, unavailable old pods for free', () => {
    const byNode = new Map([
      ['n1', [pod('a', 'old', true)]],
      ['n2', [pod('b', 'old', true)]],
      ['n3', [pod('c', 'old', false)]],
      ['n4', [pod('d', 'new', true)]],
    ]);
    const plan = planRollingUpdate(ds({ maxUnavailable: 1 }), byNode, 'new', 4);
    assert.deepEqual(
      plan.podsToDelete.map((p) => p.metadata.name),
      ['c', 'a'],
    );
    byNode.set('n4', [pod('d', 'new', false)]);
    assert.deepEqual(
      planRollingUpdate(ds({ maxUnavailable: 1 }), byNode, 'new', 4).podsToDelete.map((p) => p.metadata.name),
      ['c'],
    );
  });

  it('with surge creates beside old pods and deletes the old once the new is available', () => {
    const byNode = new Map([
      ['n1', [pod('a', 'old', true), pod('a2', 'new', true)]],
      ['n2', [pod('b', 'old', true)]],
      ['n3', [pod('c', 'old', true)]],
    ]);
    const plan = planRollingUpdate(ds({ maxSurge: 1, maxUnavailable: 0 }), byNode, 'new', 3);
    assert.deepEqual(
      plan.podsToDelete.map((p) => p.metadata.name),
      ['a'],
    );
    assert.deepEqual(plan.nodesToCreate, ['n2']);
  });
});

describe('nodeShouldRunDaemonPod', () => {
  it('NoSchedule keeps new pods off but lets a running one stay; NoExecute evicts; daemon tolerations apply', () => {
    const t = { spec: {} };
    assert.deepEqual(nodeShouldRunDaemonPod(node({ taints: [{ key: 'x', effect: 'NoSchedule' }] }), t), {
      shouldRun: false,
      shouldContinueRunning: true,
    });
    assert.deepEqual(nodeShouldRunDaemonPod(node({ taints: [{ key: 'x', effect: 'NoExecute' }] }), t), {
      shouldRun: false,
      shouldContinueRunning: false,
    });
    assert.deepEqual(
      nodeShouldRunDaemonPod(
        node({
          unschedulable: true,
          taints: [
            { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
            { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
          ],
        }),
        t,
      ),
      { shouldRun: true, shouldContinueRunning: true },
    );
    const netTaint = node({ taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] });
    assert.equal(nodeShouldRunDaemonPod(netTaint, t).shouldRun, false);
    assert.equal(nodeShouldRunDaemonPod(netTaint, { spec: { hostNetwork: true } }).shouldRun, true);
  });

  it('nodeSelector and required node affinity must match', () => {
    assert.equal(nodeShouldRunDaemonPod(node(), { spec: { nodeSelector: { zone: 'b' } } }).shouldRun, false);
    const aff = (op: 'In' | 'NotIn') => ({
      spec: {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: op, values: ['a'] }] }],
            },
          },
        },
      },
    });
    assert.equal(nodeShouldRunDaemonPod(node(), aff('In')).shouldRun, true);
    assert.deepEqual(nodeShouldRunDaemonPod(node(), aff('NotIn')), { shouldRun: false, shouldContinueRunning: false });
  });
});
