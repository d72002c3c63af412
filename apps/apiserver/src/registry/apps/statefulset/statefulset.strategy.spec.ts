import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../generic/strategy.interface.js';
import { strategyFor } from '../../builtin.definitions.js';
import { daemonSetStrategy } from '../daemonset/daemonset.strategy.js';
import { statefulSetStrategy } from './statefulset.strategy.js';

const template = () => ({ metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'pg:16' }] } });

describe('statefulset', () => {
  it('fills the apps/v1 defaults', () => {
    const s: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db' },
      spec: { selector: { matchLabels: { app: 'db' } }, template: template() },
    };
    statefulSetStrategy.applyDefaults(s);
    const spec = s.spec as Record<string, unknown>;
    assert.deepEqual(
      [
        spec['replicas'],
        spec['podManagementPolicy'],
        spec['updateStrategy'],
        spec['revisionHistoryLimit'],
        spec['persistentVolumeClaimRetentionPolicy'],
      ],
      [1, 'OrderedReady', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, 10, { whenDeleted: 'Retain', whenScaled: 'Retain' }],
    );
    assert.deepEqual(statefulSetStrategy.validate(s), []);
    const next = structuredClone(s);
    (next.spec as Record<string, unknown>)['serviceName'] = 'other';
    assert.deepEqual(statefulSetStrategy.validateUpdate(next, s).map(String), [
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
  });
});

describe('daemonset', () => {
  it('defaults a rolling update of one pod at a time', () => {
    const d: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'db' } }, template: template() },
    };
    daemonSetStrategy.applyDefaults(d);
    const spec = d.spec as Record<string, unknown>;
    assert.deepEqual(
      [spec['updateStrategy'], spec['revisionHistoryLimit']],
      [{ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, 10],
    );
    assert.deepEqual(daemonSetStrategy.validate(d), []);
  });
});

describe('strategyFor', () => {
  it('maps storage keys and falls back to no hooks', () => {
    assert.equal(strategyFor('statefulsets.apps'), statefulSetStrategy);
    assert.deepEqual(strategyFor('leases.coordination.k8s.io'), {});
  });
});
