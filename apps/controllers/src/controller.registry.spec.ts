import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTROLLERS, selectControllers } from './controller.registry.js';

describe('--controllers', () => {
  it('selects as upstream: * for all, -name to drop, names to pick', () => {
    const all = [...CONTROLLERS.keys()].sort();
    for (const name of ['deployment', 'replicaset', 'namespace', 'garbagecollector', 'serviceaccount', 'job', 'cronjob', 'statefulset'])
      assert.ok(all.includes(name), name);
    assert.deepEqual(selectControllers(['*']).sort(), all);
    assert.deepEqual(
      selectControllers(['*', '-garbagecollector']).sort(),
      all.filter((n) => n !== 'garbagecollector'),
    );
    assert.deepEqual(selectControllers(['replicaset', 'namespace']).sort(), ['namespace', 'replicaset']);
  });
});
