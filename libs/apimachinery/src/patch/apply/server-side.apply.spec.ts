import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../status.errors.js';
import { decodeFieldsV1 } from './fields-v1.codec.js';
import { keyElement, pathString } from './field-path.model.js';
import { managedScopeFor } from './model-apply.schema.js';
import { recordUpdate } from './managed-fields.updater.js';
import { serverSideApply } from './server-side.apply.js';

type Obj = Record<string, unknown>;
const scope = managedScopeFor('V1Deployment', 'apps/v1', true);
const NOW = '2025-01-01T00:00:00Z';

function deployment(replicas: number, containers: Obj[], extra: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', ...extra },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers } } },
  };
}
function managed(o: Obj): Obj[] {
  return ((o['metadata'] as Obj)['managedFields'] ?? []) as Obj[];
}
function spec(o: Obj): { replicas?: number; template: { spec: { containers: Obj[] } } } {
  return o['spec'] as { replicas?: number; template: { spec: { containers: Obj[] } } };
}

describe('FieldsV1', () => {
  it('round-trips members, children and `.`', () => {
    const raw = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
    };
    const set = decodeFieldsV1(raw);
    assert.deepEqual(set.toFieldsV1(), raw);
    assert.ok(set.has(['f:spec', 'f:containers', 'k:{"name":"c"}']));
    assert.equal(
      pathString(['f:spec', 'f:containers', keyElement({ protocol: 'TCP', containerPort: 80 }), 'f:name']),
      '.spec.containers[containerPort=80,protocol="TCP"].name',
    );
    assert.equal(pathString(['f:metadata', 'f:finalizers', 'v:"a/b"']), '.metadata.finalizers[="a/b"]');
  });
});

describe('server-side apply', () => {
  it('creates with an Apply entry keyed by list-map keys', () => {
    const out = serverSideApply(undefined, deployment(2, [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }]), {
      manager: 'a',
      force: false,
      scope,
      now: NOW,
    });
    const [entry] = managed(out);
    assert.equal(entry?.['operation'], 'Apply');
    assert.equal(entry?.['manager'], 'a');
    const f = entry?.['fieldsV1'] as Obj;
    assert.deepEqual(Object.keys(f), ['f:spec']);
    const c = (((f['f:spec'] as Obj)['f:template'] as Obj)['f:spec'] as Obj)['f:containers'] as Obj;
    assert.deepEqual(Object.keys(c), ['k:{"name":"c"}']);
    assert.deepEqual(Object.keys((c['k:{"name":"c"}'] as Obj)['f:ports'] as Obj), ['k:{"containerPort":80,"protocol":"TCP"}']);
    assert.deepEqual((f['f:spec'] as Obj)['f:selector'], {});
  });

  it('conflicts with another manager, force takes ownership', () => {
    const v1 = serverSideApply(undefined, deployment(2, [{ name: 'c', image: 'nginx' }]), { manager: 'a', force: false, scope, now: NOW });
    assert.throws(
      () => serverSideApply(v1, deployment(3, [{ name: 'c', image: 'httpd' }]), { manager: 'b', force: false, scope, now: NOW }),
      (e: unknown) => {
        assert.ok(e instanceof ApiError);
        assert.equal(e.code, 409);
        assert.equal(
          e.message,
          'Apply failed with 2 conflicts: conflicts with "a":\n- .spec.replicas\n- .spec.template.spec.containers[name="c"].image',
        );
        assert.deepEqual(e.details?.causes?.[0], { reason: 'FieldManagerConflict', message: 'conflict with "a"', field: '.spec.replicas' });
        return true;
      },
    );
    // Same values: shared ownership, no conflict.
    const shared = serverSideApply(v1, deployment(2, [{ name: 'c', image: 'nginx' }]), { manager: 'b', force: false, scope, now: NOW });
    assert.equal(managed(shared).length, 2);
    const forced = serverSideApply(v1, deployment(3, [{ name: 'c', image: 'nginx' }]), { manager: 'b', force: true, scope, now: NOW });
    assert.equal(spec(forced).replicas, 3);
    const a = managed(forced).find((e) => e['manager'] === 'a');
    assert.equal(((a?.['fieldsV1'] as Obj)['f:spec'] as Obj)['f:replicas'], undefined);
  });

  it('removes fields the applier dropped unless another manager owns them', () => {
    const v1 = serverSideApply(
      undefined,
      deployment(
        2,
        [
          { name: 'c', image: 'nginx' },
          { name: 'd', image: 'busybox' },
        ],
        { labels: { x: '1', y: '2' } },
      ),
      { manager: 'a', force: false, scope, now: NOW },
    );
    const v2 = serverSideApply(v1, deployment(2, [{ name: 'c', image: 'nginx' }], { labels: { x: '1' } }), {
      manager: 'a',
      force: false,
      scope,
      now: NOW,
    });
    assert.deepEqual(
      spec(v2).template.spec.containers.map((c) => c['name']),
      ['c'],
    );
    assert.deepEqual((v2['metadata'] as Obj)['labels'], { x: '1' });
    // Dropping replicas while another manager shares it keeps the value.
    const shared = serverSideApply(v2, deployment(2, [{ name: 'c', image: 'nginx' }]), { manager: 'b', force: false, scope, now: NOW });
    const cfg = deployment(0, [{ name: 'c', image: 'nginx' }]);
    delete (cfg['spec'] as Obj)['replicas'];
    const v3 = serverSideApply(shared, cfg, { manager: 'a', force: false, scope, now: NOW });
    assert.equal(spec(v3).replicas, 2);
  });

  it('rejects list-map items without their keys', () => {
    assert.throws(
      () => serverSideApply(undefined, deployment(1, [{ image: 'x' }]), { manager: 'a', force: false, scope, now: NOW }),
      /omits key field "name"/,
    );
  });
});

describe('Update operations', () => {
  it('record changed fields and take them from other managers', () => {
    const created = deployment(1, [{ name: 'c', image: 'nginx' }], { labels: { app: 'web' } });
    recordUpdate(undefined, created, 'kubectl-create', scope, NOW);
    const [entry] = managed(created);
    assert.equal(entry?.['operation'], 'Update');
    assert.equal(entry?.['apiVersion'], 'apps/v1');
    assert.deepEqual(((entry?.['fieldsV1'] as Obj)['f:metadata'] as Obj)['f:labels'], { '.': {}, 'f:app': {} });
    const next = structuredClone(created);
    (next['spec'] as Obj)['replicas'] = 5;
    recordUpdate(created, next, 'kubectl-scale', { ...scope, subresource: 'scale' }, NOW);
    const scaler = managed(next).find((e) => e['manager'] === 'kubectl-scale');
    assert.deepEqual(scaler?.['fieldsV1'], { 'f:spec': { 'f:replicas': {} } });
    assert.equal(scaler?.['subresource'], 'scale');
    assert.throws(() => serverSideApply(next, deployment(7, []), { manager: 'a', force: false, scope, now: NOW }), {
      message: /conflict with "kubectl-scale" with subresource "scale" using apps\/v1: \.spec\.replicas/,
    });
  });
});
