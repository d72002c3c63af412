import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../generic/strategy.interface.js';
import { cronJobStrategy } from '../cronjob/cronjob.strategy.js';
import { jobStrategy } from './job.strategy.js';

const podTemplate = () => ({ spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1' }] } });

describe('job', () => {
  it('defaults and generates the uid selector and labels', () => {
    const j: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', uid: 'u-1' }, spec: { template: podTemplate() } };
    jobStrategy.applyDefaults(j);
    jobStrategy.prepareForCreate(j);
    const spec = j.spec as Record<string, unknown>;
    assert.deepEqual(
      [
        spec['completions'],
        spec['parallelism'],
        spec['backoffLimit'],
        spec['completionMode'],
        spec['suspend'],
        spec['podReplacementPolicy'],
      ],
      [1, 1, 6, 'NonIndexed', false, 'TerminatingOrFailed'],
    );
    assert.deepEqual(spec['selector'], { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
    const labels = {
      'batch.kubernetes.io/controller-uid': 'u-1',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'u-1',
      'job-name': 'pi',
    };
    assert.deepEqual((spec['template'] as { metadata: unknown }).metadata, { labels });
    assert.deepEqual(j.metadata?.labels, labels);
    assert.deepEqual(jobStrategy.validate(j), []);
  });

  it('rejects the Always restart policy', () => {
    const j: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', uid: 'u-1' },
      spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } },
    };
    jobStrategy.applyDefaults(j);
    jobStrategy.prepareForCreate(j);
    assert.deepEqual(jobStrategy.validate(j).map(String), [
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
  });
});

describe('cronjob', () => {
  it('defaults policy and history limits', () => {
    const c: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: '*/1 * * * *', jobTemplate: { spec: { template: podTemplate() } } },
    };
    cronJobStrategy.applyDefaults(c);
    const spec = c.spec as Record<string, unknown>;
    assert.deepEqual(
      [spec['concurrencyPolicy'], spec['suspend'], spec['successfulJobsHistoryLimit'], spec['failedJobsHistoryLimit']],
      ['Allow', false, 3, 1],
    );
    assert.deepEqual(cronJobStrategy.validate(c), []);
  });

  it('requires and parses the schedule', () => {
    const c: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c' },
      spec: { schedule: 'often', jobTemplate: { spec: { template: podTemplate() } } },
    };
    cronJobStrategy.applyDefaults(c);
    assert.deepEqual(cronJobStrategy.validate(c).map(String), [
      'spec.schedule: Invalid value: "often": expected exactly 5 fields, found 1: [often]',
    ]);
    (c.spec as Record<string, unknown>)['schedule'] = '';
    assert.deepEqual(cronJobStrategy.validate(c).map(String), ['spec.schedule: Required value']);
  });
});
