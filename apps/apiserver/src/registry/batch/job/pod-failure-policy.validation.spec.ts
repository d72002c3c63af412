import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validatePodFailurePolicy } from './pod-failure-policy.validation.js';

const spec = (restartPolicy: string, rules: unknown[]) => ({
  template: { spec: { restartPolicy, containers: [{ name: 'main' }] } },
  podFailurePolicy: { rules },
});

describe('podFailurePolicy validation', () => {
  it('accepts a well-formed policy', () => {
    assert.deepEqual(
      validatePodFailurePolicy(
        spec('Never', [{ action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [1, 42] } }]),
      ),
      [],
    );
  });

  it('requires restartPolicy Never and exactly one matcher per rule', () => {
    const errs = validatePodFailurePolicy(
      spec('OnFailure', [
        { action: 'Ignore', onExitCodes: { operator: 'In', values: [1] }, onPodConditions: [{ type: 'DisruptionTarget' }] },
        { action: 'Count' },
      ]),
    );
    assert.deepEqual(
      errs.map((e) => e.toString()),
      [
        'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified',
        'spec.podFailurePolicy.rules[0]: Invalid value: "specifying both OnExitCodes and OnPodConditions is not supported"',
        'spec.podFailurePolicy.rules[1]: Invalid value: "specifying one of OnExitCodes and OnPodConditions is required"',
      ],
    );
  });

  it('checks actions, container names, exit code 0 and order, and at most 20 rules', () => {
    const errs = validatePodFailurePolicy(
      spec('Never', [{ action: 'Explode', onExitCodes: { containerName: 'other', operator: 'In', values: [0, 3, 2] } }]),
    );
    assert.deepEqual(
      errs.map((e) => e.field),
      [
        'spec.podFailurePolicy.rules[0].action',
        'spec.podFailurePolicy.rules[0].onExitCodes.containerName',
        'spec.podFailurePolicy.rules[0].onExitCodes.values[0]',
        'spec.podFailurePolicy.rules[0].onExitCodes.values[2]',
      ],
    );
    const many = Array.from({ length: 21 }, () => ({ action: 'Count', onExitCodes: { operator: 'In', values: [1] } }));
    assert.equal(
      validatePodFailurePolicy(spec('Never', many))[0]?.toString(),
      'spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items',
    );
  });
});
