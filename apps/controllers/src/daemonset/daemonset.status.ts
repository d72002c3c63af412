import { isPodAvailable, isPodReady } from '../shared/pod.util.js';
import { compareDaemonPods } from './daemon.pod.js';
import { REVISION_LABEL, type Pod, type DaemonSet, type DaemonSetStatus, type Node } from './daemonset.types.js';
import { nodeShouldRunDaemonPod } from './node.eligibility.js';

/** The status counts of upstream updateDaemonSetStatus; each node counts its oldest daemon pod. */
export function calculateDaemonSetStatus(
  ds: DaemonSet,
  nodes: Node[],
  byNode: Map<string, Pod[]>,
  hash: string,
  now = Date.now(),
): DaemonSetStatus {
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  for (const node of nodes) {
    const { shouldRun } = nodeShouldRunDaemonPod(node, ds.spec.template);
    const pods = byNode.get(node.metadata.name ?? '') ?? [];
    if (!shouldRun) {
      if (pods.length) misscheduled++;
      continue;
    }
    desired++;
    const pod = [...pods].sort(compareDaemonPods)[0];
    if (!pod) continue;
    current++;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, ds.spec.minReadySeconds ?? 0, now)) available++;
    }
    if (pod.metadata.labels?.[REVISION_LABEL] === hash) updated++;
  }
  return {
    ...(ds.status ?? {}),
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata.generation ?? 0,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
  };
}
