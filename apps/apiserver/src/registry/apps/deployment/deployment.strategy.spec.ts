import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../generic/strategy.interface.js';
import { deploymentStrategy } from './deployment.strategy.js';

function deployment(spec: Record<string, unknown>): KubeObject {
  const d: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec };
  deploymentStrategy.applyDefaults(d);
  return d;
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } };

function messages(d: KubeObject): string[] {
  return deploymentStrategy.validate(d).map((e) => e.toString());
}

describe('deployment defaults', () => {
  it('fills replicas, strategy, limits and the template pod spec', () => {
    const d = deployment({ selector: { matchLabels: { app: 'web' } }, template: structuredClone(template) });
    assert.deepEqual(d.spec, {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.27',
              imagePullPolicy: 'IfNotPresent',
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              resources: {},
            },
          ],
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          securityContext: {},
          terminationGracePeriodSeconds: 30,
          schedulerName: 'default-scheduler',
        },
      },
    });
    assert.deepEqual(messages(d), []);
  });

  it('leaves rollingUpdate out of a Recreate strategy', () => {
    const d = deployment({
      strategy: { type: 'Recreate' },
      selector: { matchLabels: { app: 'web' } },
      template: structuredClone(template),
    });
    assert.deepEqual((d.spec as { strategy: unknown }).strategy, { type: 'Recreate' });
  });
});

describe('deployment validation', () => {
  it('rejects a selector that does not match the template labels', () => {
    const d = deployment({ selector: { matchLabels: { app: 'other' } }, template: structuredClone(template) });
    assert.deepEqual(messages(d), [
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('requires a selector', () => {
    const d = deployment({ template: structuredClone(template) });
    assert.deepEqual(messages(d), [
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('rejects negative replicas, template problems and a non-Always restart policy', () => {
    const d = deployment({
      replicas: -1,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'nginx' }] } },
    });
    assert.deepEqual(messages(d), [
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
      'spec.template.spec.containers[0].image: Required value',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('rejects zero maxUnavailable with zero maxSurge, and bad percents', () => {
    const d = deployment({
      selector: { matchLabels: { app: 'web' } },
      template: structuredClone(template),
      strategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } },
    });
    assert.deepEqual(messages(d), [
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:""}: may not be 0 when `maxSurge` is 0',
    ]);
    const e = deployment({
      selector: { matchLabels: { app: 'web' } },
      template: structuredClone(template),
      strategy: { rollingUpdate: { maxUnavailable: '150%', maxSurge: 'lots' } },
    });
    assert.deepEqual(messages(e), [
      `spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"lots"}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
    ]);
  });

  it('requires progressDeadlineSeconds above minReadySeconds', () => {
    const d = deployment({ selector: { matchLabels: { app: 'web' } }, template: structuredClone(template), minReadySeconds: 600 });
    assert.deepEqual(messages(d), ['spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds']);
  });

  it('rejects an empty selector', () => {
    const d = deployment({ selector: {}, template: structuredClone(template) });
    assert.deepEqual(messages(d), [
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('keeps the selector immutable', () => {
    const old = deployment({ selector: { matchLabels: { app: 'web' } }, template: structuredClone(template) });
    const next = deployment({ selector: { matchLabels: { app: 'web', tier: 'x' } }, template: structuredClone(template) });
    assert.deepEqual(
      deploymentStrategy.validateUpdate(next, old).map((e) => e.toString()),
      [
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
      ],
    );
  });
});
