import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment, PodTemplateSpec as PodTemplate } from '../shared/types.js';
import { maxSurge, maxUnavailable, podTemplateHash, templatesEqualIgnoringHash } from './deployment.util.js';

const d = (replicas: number, surge: number | string, unavailable: number | string): Deployment => ({
  metadata: {},
  spec: {
    replicas,
    selector: {},
    template: {},
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
  },
});

describe('deployment utilities', () => {
  it('rounds maxSurge up and maxUnavailable down, and never lets both be zero', () => {
    assert.deepEqual([maxSurge(d(10, '25%', '25%')), maxUnavailable(d(10, '25%', '25%'))], [3, 2]);
    assert.deepEqual([maxSurge(d(1, '25%', '25%')), maxUnavailable(d(1, '25%', '25%'))], [1, 0]);
    assert.deepEqual([maxSurge(d(3, 0, 0)), maxUnavailable(d(3, 0, 0))], [0, 1]);
    assert.equal(maxUnavailable(d(2, 0, 5)), 2);
  });

  it('hashes a pod template stably, independent of key order and of its own hash label', () => {
    const a = podTemplateHash({ metadata: { labels: { app: 'x', tier: 'y' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const b = podTemplateHash({
      spec: { containers: [{ image: 'nginx', name: 'c' }] },
      metadata: { labels: { tier: 'y', app: 'x', 'pod-template-hash': a } },
    });
    assert.equal(a, b);
    assert.match(a, /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    assert.notEqual(
      a,
      podTemplateHash({ metadata: { labels: { app: 'x', tier: 'y' } }, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } }),
    );
    assert.notEqual(
      a,
      podTemplateHash({ metadata: { labels: { app: 'x', tier: 'y' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, 1),
    );
  });

  it('hashes the Go value: a null creationTimestamp, null fields and empty lists or maps change nothing', () => {
    const plain = {
      metadata: { labels: { app: 'x' } },
      spec: { containers: [{ name: 'c', image: 'nginx', resources: {} }], securityContext: {} },
    };
    // As the wire has it after kubectl rollout undo.
    const fromKubectl = JSON.parse(
      '{"metadata":{"creationTimestamp":null,"labels":{"app":"x"},"annotations":{}},' +
        '"spec":{"containers":[{"name":"c","image":"nginx","resources":{},"args":[],"env":null}],"securityContext":{},"volumes":[]}}',
    ) as PodTemplate;
    assert.equal(podTemplateHash(fromKubectl), podTemplateHash(plain));
    assert.ok(templatesEqualIgnoringHash(fromKubectl, plain));
    // Empty structs are values (a non-nil pointer), not absences.
    assert.notEqual(podTemplateHash({ ...plain, spec: { containers: plain.spec.containers } }), podTemplateHash(plain));
    assert.ok(!templatesEqualIgnoringHash({ ...plain, spec: { containers: plain.spec.containers } }, plain));
  });

  it('adds the collision count when it is set, even to 0, as upstream ComputeHash', () => {
    const t = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    const none = podTemplateHash(t);
    assert.notEqual(podTemplateHash(t, 0), none);
    assert.notEqual(podTemplateHash(t, 1), podTemplateHash(t, 0));
    assert.equal(podTemplateHash(t, null), none);
  });
});
