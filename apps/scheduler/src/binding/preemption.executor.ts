import { ApiStatusError, type EventRecorder, type KubeClient } from '../../../../libs/client/src/index.js';
import { formatTime } from '../../../../libs/apimachinery/src/time/metav1.time.js';
import type { Pod, PodCondition } from '../api/core.types.js';

const podPath = (p: Pod): string => `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`;
const now = (): string => formatTime();

/**
 * The API side of a preemption (upstream Evaluator.prepareCandidate / PreemptPod): mark each
 * victim with DisruptionTarget, delete it gracefully (its own terminationGracePeriodSeconds), record
 * `Preempted` on it, and drop the nominations of lower-priority pods waiting for the same node.
 */
export class PreemptionExecutor {
  constructor(
    private readonly client: KubeClient,
    private readonly recorder: EventRecorder,
    private readonly schedulerName: string,
  ) {}

  async evict(preemptor: Pod, nodeName: string, victims: readonly Pod[], lowerNominated: readonly Pod[]): Promise<void> {
    await Promise.all(victims.map((v) => this.evictOne(preemptor, nodeName, v)));
    await Promise.all(
      lowerNominated
        .filter((p) => p.status?.nominatedNodeName)
        .map((p) =>
          this.client
            .request('PATCH', `${podPath(p)}/status`, {
              body: { status: { nominatedNodeName: null } },
              contentType: 'application/merge-patch+json',
            })
            .catch(() => undefined),
        ),
    );
  }

  private async evictOne(preemptor: Pod, nodeName: string, victim: Pod): Promise<void> {
    // Graceful deletion already under way: another call would change nothing.
    if (victim.metadata.deletionTimestamp) return;
    try {
      const conditions = victim.status?.conditions ?? [];
      const condition: PodCondition = {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'PreemptionByScheduler',
        message: `${preemptor.spec.schedulerName ?? this.schedulerName}: preempting to accommodate a higher priority pod`,
        lastProbeTime: null,
        lastTransitionTime: now(),
      };
      await this.client.request('PATCH', `${podPath(victim)}/status`, {
        body: { status: { conditions: [...conditions.filter((c) => c.type !== 'DisruptionTarget'), condition] } },
        contentType: 'application/merge-patch+json',
      });
      await this.client.request('DELETE', podPath(victim));
    } catch (e) {
      if (e instanceof ApiStatusError && e.code === 404) return;
      throw e;
    }
    this.recorder.event(
      { ...victim, apiVersion: 'v1', kind: 'Pod' },
      'Normal',
      'Preempted',
      `Preempted by pod ${preemptor.metadata.uid ?? ''} on node ${nodeName}`,
    );
  }
}
