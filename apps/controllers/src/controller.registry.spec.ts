import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectControllers } from './controller.registry.js';

describe('--controllers', () => {
  it('selects as upstream: * for all, -name to drop, names to pick', () => {
    assert.deepEqual(selectControllers(['*']).sort(), ['deployment', 'garbagecollector', 'namespace', 'replicaset', 'serviceaccount']);
    assert.deepEqual(selectControllers(['*', '-garbagecollector']).sort(), ['deployment', 'namespace', 'replicaset', 'serviceaccount']);
    assert.deepEqual(selectControllers(['replicaset', 'namespace']).sort(), ['namespace', 'replicaset']);
  });
});
