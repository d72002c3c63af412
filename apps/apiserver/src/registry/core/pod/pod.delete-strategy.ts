import type { KubeObject } from '../../../../../../libs/api/src/kube-object.types.js';
import type { DeleteStrategy } from '../../generic/resource.definition.js';

function isTerminalPodPhase(phase: unknown): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Upstream's pod CheckGracefulDelete: a pod on a node waits for its kubelet, others go now. */
export const podDeleteStrategy: DeleteStrategy = {
  gracePeriod(obj: KubeObject, requested: number | undefined): number {
    const spec = (obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
    const status = (obj.status ?? {}) as { phase?: string };
    // Unscheduled or finished pods have no kubelet to wait for.
    if (!spec.nodeName || isTerminalPodPhase(status.phase)) return 0;
    const g = requested ?? spec.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, g);
  },
};
