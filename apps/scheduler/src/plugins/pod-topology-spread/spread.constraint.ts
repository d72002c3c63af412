import type { LabelSelector } from '../../../../../libs/apimachinery/src/labels/label-selector.model.js';
import type { Node, Pod, TopologySpreadConstraint } from '../../api/core.types.js';
import type { PodResources } from '../../cache/node.info.js';
import { selectorOf, withLabelKeys } from '../../framework/affinity.terms.js';
import { matchesRequiredNodeAffinity } from '../../../../../libs/apimachinery/src/labels/node-selector.matcher.js';
import { toleratedByAny } from '../taint-toleration/toleration.helper.js';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
const LABEL_ZONE = 'topology.kubernetes.io/zone';

export type Action = TopologySpreadConstraint['whenUnsatisfiable'];

/** A constraint with its selector built and its defaults filled in (upstream topologySpreadConstraint). */
export interface SpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly selector: LabelSelector;
  readonly minDomains: number;
  readonly honorNodeAffinity: boolean;
  readonly honorNodeTaints: boolean;
}

/**
 * Upstream's system default constraints (DefaultingType "System"), used for a pod without
 * constraints of its own; always ScheduleAnyway, so they only ever score.
 */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/** The pod's constraints of one action, ready to evaluate. `selector` replaces their own (system defaults). */
export function constraintsOf(
  list: readonly TopologySpreadConstraint[],
  pod: Pod,
  action: Action,
  selector?: LabelSelector,
): SpreadConstraint[] {
  const out: SpreadConstraint[] = [];
  for (const c of list) {
    if (c.whenUnsatisfiable !== action) continue;
    out.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector: selector ?? withLabelKeys(selectorOf(c.labelSelector), pod, c.matchLabelKeys),
      minDomains: c.minDomains ?? 1,
      honorNodeAffinity: (c.nodeAffinityPolicy ?? 'Honor') === 'Honor',
      honorNodeTaints: (c.nodeTaintsPolicy ?? 'Ignore') === 'Honor',
    });
  }
  return out;
}

export function hasAllTopologyKeys(node: Node, constraints: readonly SpreadConstraint[]): boolean {
  const labels = node.metadata.labels ?? {};
  for (const c of constraints) if (labels[c.topologyKey] === undefined) return false;
  return true;
}

/** nodeAffinityPolicy / nodeTaintsPolicy: does this node's domain take part in the spreading at all? */
export function includesNode(c: SpreadConstraint, pod: Pod, node: Node): boolean {
  if (c.honorNodeAffinity && !matchesRequiredNodeAffinity(pod.spec, node)) return false;
  if (c.honorNodeTaints) {
    const tolerations = pod.spec.tolerations ?? [];
    for (const t of node.spec?.taints ?? [])
      if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !toleratedByAny(tolerations, t)) return false;
  }
  return true;
}

/** Pods in `namespace`, not terminating, that the selector matches. */
export function countMatching(pods: Iterable<PodResources>, selector: LabelSelector, namespace: string): number {
  if (selector.empty) return 0;
  let n = 0;
  for (const { pod } of pods) {
    if (pod.metadata.deletionTimestamp || pod.metadata.namespace !== namespace) continue;
    if (selector.matches(pod.metadata.labels)) n++;
  }
  return n;
}

export const pairKey = (key: string, value: string): string => `${key}\u0000${value}`;
