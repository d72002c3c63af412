import type { EventRecorder, KubeClient } from '../../../../libs/client/src/index.js';
import { formatTime } from '../../../../libs/apimachinery/src/time/metav1.time.js';
import type { Pod, PodCondition } from '../api/core.types.js';

type FailureReason = 'Unschedulable' | 'SchedulerError';

/**
 * Tells the user why a pod waits, as upstream's handleSchedulingFailure: a FailedScheduling
 * warning event every attempt, and PodScheduled=False on the pod (written only when it changes, so a
 * retry loop does not churn the pod's resourceVersion).
 */
export class FailureReporter {
  constructor(
    private readonly client: KubeClient,
    private readonly recorder: EventRecorder,
  ) {}

  /**
   * `nominatedNodeName`: a node preemption made room on, '' to clear an earlier nomination,
   * undefined to leave it (upstream NominatingInfo modes). It goes in the same status patch.
   */
  report(pod: Pod, reason: FailureReason, message: string, nominatedNodeName?: string): void {
    this.recorder.event({ ...pod, apiVersion: 'v1', kind: 'Pod' }, 'Warning', 'FailedScheduling', message);
    const conditions = pod.status?.conditions ?? [];
    const old = conditions.find((c) => c.type === 'PodScheduled');
    const current = pod.status?.nominatedNodeName ?? '';
    const nominationChanges = nominatedNodeName !== undefined && nominatedNodeName !== current;
    if (!nominationChanges && old && old.status === 'False' && old.reason === reason && old.message === message) return;
    const next: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      reason,
      message,
      lastProbeTime: null,
      lastTransitionTime: old && old.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : formatTime(),
    };
    // Merge patch replaces lists whole, so send every other condition back unchanged.
    const status: Record<string, unknown> = { conditions: [...conditions.filter((c) => c.type !== 'PodScheduled'), next] };
    if (nominationChanges) status['nominatedNodeName'] = nominatedNodeName === '' ? null : nominatedNodeName;
    const body = { status };
    const path = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}/status`;
    void this.client.request('PATCH', path, { body, contentType: 'application/merge-patch+json' }).catch(() => undefined);
  }
}
