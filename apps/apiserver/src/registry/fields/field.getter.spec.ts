import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../generic/strategy.interface.js';
import { fieldGetterFor } from '../builtin.definitions.js';

describe('fieldGetterFor', () => {
  it('pods expose upstream field labels with upstream values', () => {
    const g = fieldGetterFor('pods');
    const pod: KubeObject = {
      metadata: { name: 'p', namespace: 'ns' },
      spec: { nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler', serviceAccountName: 'default' },
      status: { phase: 'Running', podIP: '10.0.0.1', podIPs: [{ ip: '10.0.0.1' }, { ip: 'fd00::1' }] },
    };
    assert.equal(g.get(pod, 'metadata.name'), 'p');
    assert.equal(g.get(pod, 'metadata.namespace'), 'ns');
    assert.equal(g.get(pod, 'spec.nodeName'), 'n1');
    assert.equal(g.get(pod, 'spec.host'), 'n1');
    assert.equal(g.get(pod, 'spec.hostNetwork'), 'false');
    assert.equal(g.get(pod, 'status.phase'), 'Running');
    assert.equal(g.get(pod, 'status.podIP'), '10.0.0.1');
    assert.equal(g.get(pod, 'status.podIPs'), '');
    assert.equal(g.get(pod, 'status.nominatedNodeName'), '');
    assert.equal(g.get(pod, 'spec.containers'), undefined);
    assert.equal(g.unsupportedMessage('spec.containers'), 'field label not supported: spec.containers');
  });

  it('events expose involvedObject.*, reason, source, type', () => {
    const g = fieldGetterFor('events');
    const ev: KubeObject = {
      metadata: { name: 'e', namespace: 'ns' },
      involvedObject: { kind: 'Pod', name: 'p', uid: 'u1' },
      reason: 'Pulled',
      type: 'Normal',
      reportingComponent: 'kubelet',
    };
    assert.equal(g.get(ev, 'involvedObject.kind'), 'Pod');
    assert.equal(g.get(ev, 'involvedObject.uid'), 'u1');
    assert.equal(g.get(ev, 'involvedObject.fieldPath'), '');
    assert.equal(g.get(ev, 'source'), 'kubelet');
    assert.equal(g.get(ev, 'reportingComponent'), 'kubelet');
    assert.equal(g.get(ev, 'type'), 'Normal');
  });

  it('events.k8s.io maps regarding.* and reportingController', () => {
    const g = fieldGetterFor('events.events.k8s.io');
    const ev: KubeObject = { metadata: { name: 'e', namespace: 'ns' }, regarding: { kind: 'Node', name: 'n' }, reportingController: 'ctl' };
    assert.equal(g.get(ev, 'regarding.kind'), 'Node');
    assert.equal(g.get(ev, 'reportingController'), 'ctl');
    assert.equal(g.get(ev, 'involvedObject.kind'), undefined);
  });

  it('other kinds: secrets type, nodes unschedulable, namespaces phase, jobs successful, default set', () => {
    assert.equal(fieldGetterFor('secrets').get({ type: 'Opaque', metadata: {} }, 'type'), 'Opaque');
    const nodes = fieldGetterFor('nodes', false);
    assert.equal(nodes.get({ metadata: { name: 'n' }, spec: { unschedulable: true } }, 'spec.unschedulable'), 'true');
    assert.equal(nodes.get({ metadata: { name: 'n' } }, 'metadata.namespace'), undefined);
    assert.equal(
      fieldGetterFor('namespaces', false).get({ metadata: { name: 'x' }, status: { phase: 'Active' } }, 'status.phase'),
      'Active',
    );
    assert.equal(fieldGetterFor('jobs.batch').get({ metadata: {}, status: { succeeded: 3 } }, 'status.successful'), '3');
    assert.equal(fieldGetterFor('replicasets.apps').get({ metadata: {}, status: { replicas: 2 } }, 'status.replicas'), '2');
    const cm = fieldGetterFor('configmaps');
    assert.deepEqual(cm.supported, ['metadata.name', 'metadata.namespace']);
    assert.equal(cm.get({ metadata: { name: 'c' } }, 'data'), undefined);
    assert.equal(cm.unsupportedMessage('data'), '"data" is not a known field selector: only "metadata.name", "metadata.namespace"');
    assert.equal(
      fieldGetterFor('clusterroles.rbac.authorization.k8s.io', false).get({ metadata: { name: 'r' } }, 'metadata.namespace'),
      '',
    );
  });
});
