import { selectorMatches } from '../shared/label.selector.js';
import { isPodAvailable, isPodReady } from '../shared/pod.util.js';
import type { Pod } from '../shared/types.js';
import type { ReplicaOwner, ReplicaSetStatus } from './replica.kind.js';

/** The status the RS (or RC) should report for the active pods it owns (upstream calculateStatus). */
export function calculateReplicaSetStatus(rs: ReplicaOwner, pods: Pod[], now = Date.now()): ReplicaSetStatus {
  const templateLabels = { matchLabels: rs.spec.template.metadata?.labels ?? {} };
  const minReady = rs.spec.minReadySeconds ?? 0;
  const status: ReplicaSetStatus = {
    replicas: pods.length,
    fullyLabeledReplicas: pods.filter((p) => selectorMatches(templateLabels, p.metadata.labels)).length,
    readyReplicas: pods.filter(isPodReady).length,
    availableReplicas: pods.filter((p) => isPodAvailable(p, minReady, now)).length,
    observedGeneration: rs.metadata.generation ?? 0,
  };
  if (rs.status?.conditions?.length) status.conditions = rs.status.conditions;
  return status;
}

export function statusEqual(a: ReplicaSetStatus | undefined, b: ReplicaSetStatus): boolean {
  const keys = ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const;
  return keys.every((k) => (a?.[k] ?? 0) === (b[k] ?? 0));
}
