import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../generic/strategy.interface.js';
import { printerFor } from '../builtin.definitions.js';
import { buildTable, buildWatchTable } from './table.builder.js';

const now = new Date('2024-06-01T12:00:00Z');
const cm: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'default', resourceVersion: '42', creationTimestamp: '2024-06-01T11:59:00Z' },
  data: { k: 'v' },
};

describe('buildTable', () => {
  it('serves a meta.k8s.io/v1 Table with PartialObjectMetadata rows', () => {
    const t = buildTable(printerFor('configmaps'), [cm], {
      includeObject: 'Metadata',
      listMeta: { resourceVersion: '50', continue: '' },
      now,
    });
    assert.equal(t.kind, 'Table');
    assert.equal(t.apiVersion, 'meta.k8s.io/v1');
    assert.deepEqual(t.metadata, { resourceVersion: '50' });
    assert.deepEqual(t.columnDefinitions?.[0], {
      name: 'Name',
      type: 'string',
      format: 'name',
      description:
        'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
      priority: 0,
    });
    assert.deepEqual(t.rows, [
      { cells: ['c', 1, '60s'], object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: cm.metadata } },
    ]);
  });

  it('embeds the whole object for includeObject=Object and null for None', () => {
    assert.equal(buildTable(printerFor('configmaps'), [cm], { includeObject: 'Object', listMeta: {}, now }).rows[0]?.object, cm);
    assert.equal(buildTable(printerFor('configmaps'), [cm], { includeObject: 'None', listMeta: {}, now }).rows[0]?.object, null);
  });

  it('keeps continue and remainingItemCount of a chunked list', () => {
    const t = buildTable(printerFor('configmaps'), [], {
      includeObject: 'Metadata',
      listMeta: { resourceVersion: '9', continue: 'abc', remainingItemCount: 3 },
      now,
    });
    assert.deepEqual(t.metadata, { resourceVersion: '9', continue: 'abc', remainingItemCount: 3 });
    assert.deepEqual(t.rows, []);
  });

  it('watch events carry column definitions only on the first event', () => {
    const first = buildWatchTable(printerFor('configmaps'), cm, true, { includeObject: 'Metadata', now });
    const next = buildWatchTable(printerFor('configmaps'), cm, false, { includeObject: 'Metadata', now });
    assert.equal(first.columnDefinitions?.length, 3);
    assert.equal(next.columnDefinitions, null);
    assert.deepEqual(next.metadata, { resourceVersion: '42' });
    assert.equal(next.rows.length, 1);
  });
});
