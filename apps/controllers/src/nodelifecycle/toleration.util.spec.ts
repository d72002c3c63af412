import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evictionTime } from './toleration.util.js';

const t0 = Date.parse('2025-01-01T00:00:00Z');
const unreachable = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' as const, timeAdded: '2025-01-01T00:00:00Z' };

describe('taint eviction time', () => {
  it('counts the shortest bounded toleration from timeAdded; unbounded tolerates forever', () => {
    assert.equal(
      evictionTime([unreachable], [{ key: unreachable.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }], 300, t0),
      t0 + 30_000,
    );
    assert.equal(evictionTime([unreachable], [{ operator: 'Exists' }], 300, t0), undefined);
    assert.equal(
      evictionTime([unreachable], [{ operator: 'Exists' }, { key: unreachable.key, operator: 'Exists', tolerationSeconds: 5 }], 300, t0),
      t0 + 5_000,
    );
  });
  it('without a toleration: the pod-eviction-timeout for not-ready/unreachable, at once for other taints', () => {
    assert.equal(evictionTime([unreachable], [], 120, t0), t0 + 120_000);
    assert.equal(evictionTime([{ key: 'example.com/drain', effect: 'NoExecute', timeAdded: unreachable.timeAdded }], [], 120, t0), t0);
    assert.equal(evictionTime([{ key: 'example.com/x', effect: 'NoSchedule' }], [], 120, t0), undefined);
  });
  it('matches tolerations as upstream: Equal compares values, an empty key needs Exists', () => {
    const taint = { key: 'k', value: 'v', effect: 'NoExecute' as const, timeAdded: unreachable.timeAdded };
    assert.equal(evictionTime([taint], [{ key: 'k', operator: 'Equal', value: 'v' }], 300, t0), undefined);
    assert.equal(evictionTime([taint], [{ key: 'k', operator: 'Equal', value: 'w' }], 300, t0), t0);
    assert.equal(evictionTime([taint], [{ operator: 'Equal', value: 'v' }], 300, t0), t0);
  });
});
