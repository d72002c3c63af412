import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchPodFailurePolicy } from './job.failure.policy.js';
import type { PodFailurePolicy } from './job.types.js';
import type { ContainerStatus as JobContainerStatus, Pod as JobPod } from '../../../../libs/api/src/model/core.types.js';

const exited = (name: string, exitCode: number): JobContainerStatus => ({ name, state: { terminated: { exitCode } } });
const pod = (
  containers: JobContainerStatus[],
  init: JobContainerStatus[] = [],
  conditions: Array<{ type: string; status: 'True' | 'False' }> = [],
): JobPod => ({
  metadata: { name: 'p', namespace: 'ns' },
  status: { phase: 'Failed', containerStatuses: containers, initContainerStatuses: init, conditions },
});

describe('matchPodFailurePolicy', () => {
  const policy: PodFailurePolicy = {
    rules: [
      { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
      { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
      { action: 'Count', onExitCodes: { operator: 'NotIn', values: [0, 42] } },
    ],
  };

  it('takes the first matching rule, with upstream messages', () => {
    assert.deepEqual(matchPodFailurePolicy(policy, pod([exited('main', 42)])), {
      action: 'FailJob',
      countFailed: true,
      failJobMessage: 'Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 1',
    });
    assert.deepEqual(matchPodFailurePolicy(policy, pod([exited('main', 42)], [], [{ type: 'DisruptionTarget', status: 'True' }])), {
      action: 'Ignore',
      countFailed: false,
    });
    assert.deepEqual(
      matchPodFailurePolicy(
        { rules: [{ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
        pod([], [], [{ type: 'DisruptionTarget', status: 'True' }]),
      ).failJobMessage,
      'Pod ns/p has condition DisruptionTarget matching FailJob rule at index 0',
    );
  });

  it('matches only terminated non-zero exit codes of the named container, app containers before init', () => {
    assert.deepEqual(matchPodFailurePolicy(policy, pod([exited('side', 42), exited('main', 3)])), { action: 'Count', countFailed: true });
    assert.deepEqual(matchPodFailurePolicy(policy, pod([exited('main', 0)])), { countFailed: true });
    assert.deepEqual(matchPodFailurePolicy(policy, pod([{ name: 'main', state: {} }], [exited('main', 42)])).action, 'FailJob');
    assert.deepEqual(matchPodFailurePolicy(policy, pod([], [], [{ type: 'DisruptionTarget', status: 'False' }])), { countFailed: true });
  });
});
