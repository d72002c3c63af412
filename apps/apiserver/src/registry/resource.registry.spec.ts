import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUILTIN_RESOURCES } from '../../../../libs/api/src/builtin-resources.js';
import { BUILTIN_DEFINITIONS, strategyFor } from './builtin.definitions.js';
import { defineResource } from './generic/resource.definition.js';
import { ResourceRegistry, type RegistryChange } from './resource.registry.js';

const widgets = defineResource({
  group: 'example.com',
  version: 'v1',
  resource: 'widgets',
  singular: 'widget',
  kind: 'Widget',
  namespaced: true,
  model: 'V1ConfigMap',
});

describe('ResourceRegistry', () => {
  it('serves the built-ins in BUILTIN_RESOURCES order', () => {
    const r = new ResourceRegistry(BUILTIN_DEFINITIONS);
    assert.deepEqual(
      r.snapshot().map((d) => d.resource),
      BUILTIN_RESOURCES.map((t) => t.resource),
    );
    assert.deepEqual(strategyFor('leases.coordination.k8s.io'), {});
    assert.equal(r.lookup('', 'v1', 'pods')?.listKind, 'PodList');
    assert.ok(r.lookup('', 'v1', 'pods')?.statusStrategy);
    assert.equal(r.lookup('', 'v1', 'configmaps')?.statusStrategy, undefined);
    assert.deepEqual(
      r.byStorageKey('horizontalpodautoscalers.autoscaling').map((d) => d.version),
      ['v2', 'v1'],
    );
    assert.deepEqual(
      r.byShortName('ev').map((d) => d.group),
      ['', 'events.k8s.io'],
    );
    assert.equal(r.byKind('autoscaling', 'HorizontalPodAutoscaler')?.version, 'v2');
  });

  it('adds and removes at run time, announcing each change and bumping the generation', () => {
    const r = new ResourceRegistry(BUILTIN_DEFINITIONS);
    const seen: RegistryChange[] = [];
    const off = r.onChange((c) => seen.push(c));
    const g0 = r.generation;
    const before = r.snapshot();
    r.add(widgets);
    assert.ok(r.generation > g0);
    assert.notEqual(r.snapshot(), before);
    assert.equal(r.lookup('example.com', 'v1', 'widgets'), widgets);
    assert.deepEqual(r.groups().at(-1), 'example.com');
    assert.equal(r.preferredVersion('example.com'), 'v1');
    assert.throws(() => r.add(widgets), /already registered/);
    assert.equal(r.remove('example.com', 'v1', 'widgets'), widgets);
    assert.equal(r.lookup('example.com', 'v1', 'widgets'), undefined);
    assert.equal(r.preferredVersion('example.com'), undefined);
    assert.equal(r.hasGroupVersion('example.com', 'v1'), false);
    assert.equal(r.remove('example.com', 'v1', 'widgets'), undefined);
    assert.deepEqual(
      seen.map((c) => `${c.type} ${c.def.resource}`),
      ['added widgets', 'removed widgets'],
    );
    off();
    r.add(widgets);
    assert.equal(seen.length, 2);
  });

  it('refuses a handler for a subresource the names do not declare', () => {
    const r = new ResourceRegistry();
    const bad = defineResource(
      { ...widgets, resource: 'gadgets' },
      {
        subresourceHandlers: { scale: { methods: ['GET'], discoveryVerbs: ['get'], handle: () => Promise.reject(new Error('unused')) } },
      },
    );
    assert.throws(() => r.add(bad), /undeclared subresource scale/);
  });
});
