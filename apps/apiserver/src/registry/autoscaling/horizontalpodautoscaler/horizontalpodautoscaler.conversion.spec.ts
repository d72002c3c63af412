import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KubeObject } from '../../generic/strategy.interface.js';
import { hpaV1ToV2, hpaV2ToV1, horizontalPodAutoscalerConversion } from './horizontalpodautoscaler.conversion.js';

const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const v2: KubeObject = {
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: 'default', annotations: { team: 'a' } },
  spec: {
    scaleTargetRef: ref,
    minReplicas: 2,
    maxReplicas: 10,
    metrics: [
      { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } },
      {
        type: 'External',
        external: { metric: { name: 'queue', selector: { matchLabels: { q: 'jobs' } } }, target: { type: 'Value', value: '30' } },
      },
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
    ],
    behavior: {
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] },
      scaleDown: { stabilizationWindowSeconds: 120, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] },
    },
  },
  status: {
    observedGeneration: 3,
    currentReplicas: 4,
    desiredReplicas: 5,
    currentMetrics: [
      { type: 'Pods', pods: { metric: { name: 'qps' }, current: { averageValue: '12' } } },
      { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 70, averageValue: '350m' } } },
    ],
    conditions: [
      { type: 'AbleToScale', status: 'True', lastTransitionTime: '2026-12-07T10:00:00Z', reason: 'ReadyForNewScale', message: 'ok' },
    ],
  },
};

describe('HorizontalPodAutoscaler autoscaling/v1 ⇄ v2 conversion', () => {
  it('shows v1 the CPU target and keeps the rest in the round-trip annotations', () => {
    const v1 = hpaV2ToV1(structuredClone(v2));
    assert.equal(v1.apiVersion, 'autoscaling/v1');
    assert.deepEqual(v1.spec, { scaleTargetRef: ref, minReplicas: 2, maxReplicas: 10, targetCPUUtilizationPercentage: 60 });
    assert.deepEqual(v1.status, { observedGeneration: 3, currentReplicas: 4, desiredReplicas: 5, currentCPUUtilizationPercentage: 70 });
    const a = v1.metadata?.annotations ?? {};
    assert.equal(a['team'], 'a');
    assert.deepEqual(JSON.parse(a['autoscaling.alpha.kubernetes.io/metrics'] ?? ''), [
      { type: 'Pods', pods: { metricName: 'qps', targetAverageValue: '10' } },
      { type: 'External', external: { metricName: 'queue', metricSelector: { matchLabels: { q: 'jobs' } }, targetValue: '30' } },
    ]);
    assert.deepEqual(JSON.parse(a['autoscaling.alpha.kubernetes.io/current-metrics'] ?? '')[1], {
      type: 'Resource',
      resource: { name: 'cpu', currentAverageUtilization: 70, currentAverageValue: '350m' },
    });
    assert.deepEqual(JSON.parse(a['autoscaling.alpha.kubernetes.io/behavior'] ?? '').ScaleDown, {
      StabilizationWindowSeconds: 120,
      SelectPolicy: 'Min',
      Policies: [{ Type: 'Percent', Value: 10, PeriodSeconds: 60 }],
    });
    assert.equal(JSON.parse(a['autoscaling.alpha.kubernetes.io/conditions'] ?? '')[0].reason, 'ReadyForNewScale');
  });

  it('round-trips v2 → v1 → v2 without loss and without leftover annotations', () => {
    assert.deepEqual(hpaV1ToV2(hpaV2ToV1(structuredClone(v2))), v2);
  });

  it('gives a v1 HPA without a target the explicit 80% CPU metric, and reads behavior keys case-insensitively with defaults', () => {
    const out = hpaV1ToV2({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: {
        name: 'x',
        annotations: { 'autoscaling.alpha.kubernetes.io/behavior': '{"scaleDown":{"stabilizationWindowSeconds":30}}' },
      },
      spec: { scaleTargetRef: ref, maxReplicas: 3 },
    });
    const spec = out.spec as Record<string, unknown>;
    assert.deepEqual(spec['metrics'], [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
    assert.deepEqual(spec['behavior'], {
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: { stabilizationWindowSeconds: 30, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
    assert.equal(out.metadata?.annotations, undefined);
  });

  it('turns a malformed round-trip annotation into a 400, not a crash', () => {
    assert.throws(
      () =>
        horizontalPodAutoscalerConversion.convert(
          { apiVersion: 'autoscaling/v1', metadata: { annotations: { 'autoscaling.alpha.kubernetes.io/metrics': '[{' } }, spec: {} },
          'autoscaling/v2',
        ),
      (e: unknown) => (e as { code?: number; reason?: string }).code === 400 && (e as { reason?: string }).reason === 'BadRequest',
    );
  });
});
