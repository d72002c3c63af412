import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Deployment } from '../shared/types.js';
import { maxSurge, maxUnavailable, podTemplateHash } from './deployment.util.js';

const d = (replicas: number, surge: number | string, unavailable: number | string): Deployment => ({
  metadata: {},
  spec: { replicas, selector: {}, template: {}, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } } },
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
    const b = podTemplateHash({ spec: { containers: [{ image: 'nginx', name: 'c' }] }, metadata: { labels: { tier: 'y', app: 'x', 'pod-template-hash': a } } });
    assert.equal(a, b);
    assert.match(a, /^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    assert.notEqual(a, podTemplateHash({ metadata: { labels: { app: 'x', tier: 'y' } }, spec: { containers: [{ name: 'c', image: 'nginx:2' }] } }));
    assert.notEqual(a, podTemplateHash({ metadata: { labels: { app: 'x', tier: 'y' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, 1));
  });
});
