import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../generic/strategy.interface.js';
import { configMapStrategy } from '../configmap/configmap.strategy.js';
import { namespaceStrategy } from '../namespace/namespace.strategy.js';
import { serviceStrategy } from '../service/service.strategy.js';
import { secretStrategy } from './secret.strategy.js';

describe('secret', () => {
  it('defaults type Opaque and folds stringData into base64 data', () => {
    const s: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'YQ==' }, stringData: { b: 'hello' } };
    secretStrategy.applyDefaults(s);
    assert.deepEqual(
      { type: s['type'], data: s['data'], stringData: s['stringData'] },
      { type: 'Opaque', data: { a: 'YQ==', b: 'aGVsbG8=' }, stringData: undefined },
    );
  });

  it('rejects bad keys and changes to an immutable secret', () => {
    const s: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { 'a b': 'eA==' } };
    secretStrategy.applyDefaults(s);
    assert.deepEqual(secretStrategy.validate(s).map(String), [
      `data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
    const old: KubeObject = { kind: 'Secret', type: 'Opaque', immutable: true, data: { a: 'eA==' } };
    const next: KubeObject = { kind: 'Secret', type: 'Opaque', immutable: true, data: { a: 'eQ==' } };
    assert.deepEqual(secretStrategy.validateUpdate(next, old).map(String), ['data: Forbidden: field is immutable when `immutable` is set']);
  });
});

describe('configmap', () => {
  it('forbids changing an immutable configmap', () => {
    const old: KubeObject = { kind: 'ConfigMap', immutable: true, data: { a: '1' } };
    assert.deepEqual(configMapStrategy.validateUpdate({ kind: 'ConfigMap', data: { a: '1' } }, old).map(String), [
      'immutable: Forbidden: field is immutable when `immutable` is set',
    ]);
  });
});

describe('namespace', () => {
  it('adds the name label, kubernetes finalizer and Active phase', () => {
    const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } };
    namespaceStrategy.applyDefaults(ns);
    namespaceStrategy.prepareForCreate(ns);
    assert.deepEqual(
      [ns.metadata?.labels, ns.spec, ns.status],
      [{ 'kubernetes.io/metadata.name': 'team' }, { finalizers: ['kubernetes'] }, { phase: 'Active' }],
    );
  });
});

describe('service', () => {
  it('defaults type, affinity, ports and IP families', () => {
    const svc: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    };
    serviceStrategy.applyDefaults(svc);
    assert.deepEqual(svc.spec, {
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it('requires ports and names when several', () => {
    const svc: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: {} };
    serviceStrategy.applyDefaults(svc);
    assert.deepEqual(serviceStrategy.validate(svc).map(String), ['spec.ports: Required value']);
    const two: KubeObject = { kind: 'Service', spec: { ports: [{ port: 80 }, { name: 'b', port: 0 }] } };
    serviceStrategy.applyDefaults(two);
    assert.deepEqual(serviceStrategy.validate(two).map(String), [
      'spec.ports[0].name: Required value',
      'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });
});
